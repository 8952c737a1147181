import DendriteCore

/// How a layer call is written in Keras' `inbound_nodes`: `{"args": [...], "kwargs": {...}}`.
///
/// Dendrite records a call as its list of input tensors, and keeps what Keras passes as call
/// arguments (`use_causal_mask=True`, `return_attention_scores=True`, an `attention_mask`) as
/// settings of the layer. Writing moves those settings into each call's `kwargs`; reading moves
/// them back, so a configuration round-trips through Keras.
enum CallArguments {
    /// Settings that Keras passes to `call`, not to the constructor.
    private static let callSettings: Set<String> = ["use_causal_mask", "return_attention_scores", "use_attention_mask"]
    /// Layers whose `call` takes its tensors as separate arguments (`query, value, key`) rather than one list.
    private static let separateTensorArguments: Set<String> = ["MultiHeadAttention", "TransformerDecoder"]

    /// The settings without those Keras passes to `call`.
    static func removingCallSettings(_ settings: [String: JSONValue]) -> [String: JSONValue] {
        settings.filter { !callSettings.contains($0.key) }
    }

    /// One inbound node for a call on `tensors` (Keras tensor references) of a layer of type `type`.
    static func node(_ tensors: [JSONValue], type: String, settings: [String: JSONValue]) -> JSONValue {
        var tensors = tensors
        var keywords: [String: JSONValue] = [:]
        for key in ["use_causal_mask", "return_attention_scores"] where settings[key] == true { keywords[key] = true }
        if settings["use_attention_mask"] == true, let mask = tensors.popLast() { keywords["attention_mask"] = mask }
        let arguments: [JSONValue] = separateTensorArguments.contains(type) ? tensors
            : tensors.count == 1 ? [tensors[0]] : [.array(tensors)]
        return ["args": .array(arguments), "kwargs": .object(keywords)]
    }

    /// The input tensors of one inbound node, in Dendrite's order: the positional tensors (one
    /// tensor, a list, or several arguments), then a `key`, then an `attention_mask`.
    static func tensors(of call: JSONValue, _ problem: (String) -> DendriteError) throws -> [JSONValue] {
        let call = keras3Form(call)
        guard case .object(let fields) = call, case .array(let args)? = fields["args"], !args.isEmpty else {
            throw problem("an inbound node must be {\"args\": [tensor or [tensors]], \"kwargs\": {}}, got \(call.messageText.prefix(200))")
        }
        var tensors: [JSONValue]
        if args.count == 1, case .array(let list) = args[0] { tensors = list } else { tensors = args }
        if case .object(let keywords)? = fields["kwargs"] {
            for (key, value) in keywords where isTensor(value) {
                switch key {
                case "key": tensors.insert(value, at: min(2, tensors.count))
                case "encoder_sequence": tensors.append(value)  // KerasHub's TransformerDecoder
                case "attention_mask": continue
                default: throw problem("a call passes the tensor '\(key)', which Dendrite's layers do not take (masks are not supported yet)")
                }
            }
            if let mask = keywords["attention_mask"], isTensor(mask) { tensors.append(mask) }
        }
        return tensors
    }

    /// The settings the calls' keyword arguments stand for; every call must pass the same ones.
    static func settings(of calls: [JSONValue], layer: String, _ problem: (String) -> DendriteError) throws -> [String: JSONValue] {
        var agreed: [String: JSONValue]?
        for call in calls {
            guard case .object(let fields) = keras3Form(call) else { continue }
            var settings: [String: JSONValue] = [:]
            if case .object(let keywords)? = fields["kwargs"] {
                for (key, value) in keywords {
                    if key == "attention_mask" { settings["use_attention_mask"] = .bool(isTensor(value)) }
                    else if !isTensor(value), value != .null { settings[key] = value }  // null: not passed
                }
            }
            if let agreed, agreed != settings {
                throw problem("layer '\(layer)' is called with different arguments (\(JSONValue.object(agreed).messageText) and "
                              + "\(JSONValue.object(settings).messageText)); Dendrite keeps one set per layer")
            }
            agreed = settings
        }
        return agreed ?? [:]
    }

    private static func isTensor(_ value: JSONValue) -> Bool {
        if case .object(let fields) = value, fields["class_name"] == "__keras_tensor__" { return true }
        return false
    }

    /// A Keras 2 inbound node, `[[layer, node, index, {kwargs}], …]` with tensors in the keyword
    /// arguments written as `[layer, node, index]`, in Keras 3's form.
    private static func keras3Form(_ call: JSONValue) -> JSONValue {
        guard case .array(let tensors) = call else { return call }
        func tensor(_ parts: [JSONValue]) -> JSONValue {
            ["class_name": "__keras_tensor__", "config": ["keras_history": .array(Array(parts.prefix(3)))]]
        }
        func isReference(_ value: JSONValue) -> Bool {
            if case .array(let parts) = value, parts.count == 3, case .string = parts[0], case .number = parts[1] { return true }
            return false
        }
        var arguments: [JSONValue] = []
        var keywords: [String: JSONValue] = [:]
        for item in tensors {
            guard case .array(let parts) = item else { continue }
            arguments.append(tensor(parts))
            if parts.count == 4, case .object(let extra) = parts[3] {
                for (key, value) in extra {
                    if case .array(let reference) = value, isReference(value) { keywords[key] = tensor(reference) } else { keywords[key] = value }
                }
            }
        }
        // Keras 2 passes a layer's second tensor (MultiHeadAttention's value) as a keyword.
        if let value = keywords.removeValue(forKey: "value") { arguments.append(value) }
        return ["args": arguments.count == 1 ? .array(arguments) : .array([.array(arguments)]), "kwargs": .object(keywords)]
    }
}
