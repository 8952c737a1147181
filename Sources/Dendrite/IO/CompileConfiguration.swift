import DendriteCore

/// What `compile` fixed, as saved in `config.json` with Keras' names:
///
/// ```json
/// {"optimizer": {"name": "adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
///                "weight_decay": 0, "clipnorm": null, "global_clipnorm": null, "clipvalue": null},
///  "loss": {"name": "binary_crossentropy", "from_logits": false, "label_smoothing": 0},
///  "metrics": ["accuracy", {"name": "precision", "threshold": 0.5}]}
/// ```
///
/// A learning-rate schedule is not saved (schedules are arbitrary types); pass it to `compile` again.
struct CompileConfiguration: Codable, Equatable {
    var optimizer: JSONValue
    var loss: JSONValue
    var metrics: [JSONValue]

    init(optimizer: any Optimizer, loss: Loss, metrics: [Metric]) throws {
        self.optimizer = try CompileConfiguration.encode(optimizer)
        self.loss = loss.configuration
        self.metrics = metrics.map(\.configuration)
    }

    static func problem(_ setting: String) -> (String) -> DendriteError {
        { DendriteError(.invalidFile, "compile setting '\(setting)' \($0)") }
    }

    // MARK: Optimizer

    static func encode(_ optimizer: any Optimizer) throws -> JSONValue {
        var fields: [String: JSONValue] = ["name": .string(optimizer.name), "learning_rate": .float(optimizer.learningRate),
                                           "clipnorm": optimizer.clipping.norm.map(JSONValue.float) ?? .null,
                                           "global_clipnorm": optimizer.clipping.globalNorm.map(JSONValue.float) ?? .null,
                                           "clipvalue": optimizer.clipping.value.map(JSONValue.float) ?? .null]
        switch optimizer {
        case let sgd as SGD:
            fields["momentum"] = .float(sgd.momentum)
            fields["nesterov"] = .bool(sgd.nesterov)
        case let adam as Adam:
            fields["beta_1"] = .number(adam.beta1)
            fields["beta_2"] = .number(adam.beta2)
            fields["epsilon"] = .float(adam.epsilon)
            fields["weight_decay"] = .float(adam.weightDecay)
        case let rmsprop as RMSprop:
            fields["rho"] = .number(rmsprop.rho)
            fields["epsilon"] = .float(rmsprop.epsilon)
        case let adagrad as AdaGrad:
            fields["initial_accumulator_value"] = .float(adagrad.initialAccumulator)
            fields["epsilon"] = .float(adagrad.epsilon)
        default:
            throw DendriteError.argument("save: the optimizer \(type(of: optimizer)) ('\(optimizer.name)') cannot be saved; Dendrite saves SGD, Adam, AdamW, RMSprop and AdaGrad")
        }
        return .object(fields)
    }

    func makeOptimizer() throws -> any Optimizer {
        let problem = CompileConfiguration.problem("optimizer")
        let (name, fields) = try namedObject(optimizer, problem)
        func value(_ key: String) throws -> JSONValue {
            guard let value = fields[key] else { throw problem("needs '\(key)' for \(name)") }
            return value
        }
        func float(_ key: String) throws -> Float { try LayerConfiguration.float(value(key)) { problem("'\(key)' \($0)") } }
        func double(_ key: String) throws -> Double {
            guard case .number(let number) = try value(key) else { throw problem("'\(key)' must be a number, got \(try value(key).jsonText)") }
            return number
        }
        func optionalFloat(_ key: String) throws -> Float? {
            guard let raw = fields[key], raw != .null else { return nil }
            return try LayerConfiguration.float(raw) { problem("'\(key)' \($0)") }
        }
        var result: any Optimizer
        switch name {
        case "sgd":
            guard case .bool(let nesterov)? = fields["nesterov"] else { throw problem("'nesterov' must be true or false") }
            result = SGD(learningRate: try float("learning_rate"), momentum: try float("momentum"), nesterov: nesterov)
        case "adam", "adamw":
            result = Adam(learningRate: try float("learning_rate"), beta1: try double("beta_1"), beta2: try double("beta_2"),
                          epsilon: try float("epsilon"), weightDecay: try float("weight_decay"))
        case "rmsprop":
            result = RMSprop(learningRate: try float("learning_rate"), rho: try double("rho"), epsilon: try float("epsilon"))
        case "adagrad":
            result = AdaGrad(learningRate: try float("learning_rate"),
                             initialAccumulator: try float("initial_accumulator_value"), epsilon: try float("epsilon"))
        default:
            throw problem("names an unknown optimizer '\(name)' (known: sgd, adam, adamw, rmsprop, adagrad)")
        }
        result.clipping = GradientClipping(norm: try optionalFloat("clipnorm"), globalNorm: try optionalFloat("global_clipnorm"),
                                           value: try optionalFloat("clipvalue"))
        return result
    }

    // MARK: Loss and metrics (their encodings live with each member; the registries read them)

    func makeLoss() throws -> Loss { try LossRegistry.loss(from: loss) }

    func makeMetrics() throws -> [Metric] { try metrics.map(MetricRegistry.metric(from:)) }
}
