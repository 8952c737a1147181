import DendriteCore

/// What `compile` fixed, as saved in `config.json` with Keras' names:
///
/// ```json
/// {"optimizer": {"name": "adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
///                "weight_decay": 0, "clipnorm": null, "global_clipnorm": null, "clipvalue": null},
///  "loss": {"name": "binary_crossentropy", "from_logits": false},
///  "metrics": ["accuracy", {"name": "precision", "threshold": 0.5}]}
/// ```
///
/// A model compiled per output (Keras' lists) has `"loss": [<loss>, …]`, `"metrics": [[…], …]` and
/// `"loss_weights": [w, …]`, in output order.
///
/// A learning-rate schedule is not saved (schedules are arbitrary types); pass it to `compile` again.
struct CompileConfiguration: Codable, Equatable {
    var optimizer: JSONValue
    var loss: JSONValue
    var metrics: [JSONValue]
    var lossWeights: [Float]?

    enum CodingKeys: String, CodingKey { case optimizer, loss, metrics, lossWeights = "loss_weights" }

    init(optimizer: any Optimizer, loss: Loss, metrics: [Metric]) throws {
        self.optimizer = try CompileConfiguration.encode(optimizer)
        self.loss = CompileConfiguration.encode(loss)
        self.metrics = metrics.map(CompileConfiguration.encode)
    }

    /// The settings of a model compiled per output: one loss, weight and metric list per output.
    init(optimizer: any Optimizer, objectives: [OutputObjective]) throws {
        self.optimizer = try CompileConfiguration.encode(optimizer)
        self.loss = .array(objectives.map { CompileConfiguration.encode($0.loss) })
        self.metrics = objectives.map { .array($0.metrics.map(CompileConfiguration.encode)) }
        self.lossWeights = objectives.map(\.weight)
    }

    /// Compiles `model` with these settings.
    func compile(_ model: Model) throws {
        let optimizer = try makeOptimizer()
        guard case .array(let losses) = loss else {
            return model.compile(optimizer: optimizer, loss: try makeLoss(), metrics: try makeMetrics())
        }
        let perOutputMetrics = try metrics.map { raw in
            guard case .array(let list) = raw else { throw CompileConfiguration.problem("metrics")("must hold one list per output, got \(raw.jsonText)") }
            return try CompileConfiguration(optimizer: optimizer, loss: .null, metrics: list).makeMetrics()
        }
        let perOutputLosses = try losses.map { try CompileConfiguration(optimizer: optimizer, loss: $0, metrics: []).makeLoss() }
        guard perOutputMetrics.count == perOutputLosses.count, (lossWeights?.count ?? losses.count) == losses.count else {
            throw CompileConfiguration.problem("loss")("has \(losses.count) losses, \(perOutputMetrics.count) metric lists and \(lossWeights?.count ?? 0) loss weights; they must agree")
        }
        model.compile(optimizer: optimizer, loss: perOutputLosses, metrics: perOutputMetrics, lossWeights: lossWeights)
    }

    /// Settings sharing `optimizer`'s encoding, for decoding one part.
    private init(optimizer: any Optimizer, loss: JSONValue, metrics: [JSONValue]) throws {
        self.optimizer = try CompileConfiguration.encode(optimizer)
        self.loss = loss
        self.metrics = metrics
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

    // MARK: Loss

    static func encode(_ loss: Loss) -> JSONValue {
        switch loss.kind {
        case .meanSquaredError, .meanAbsoluteError: .string(loss.name)
        case .huber(let delta): ["name": .string(loss.name), "delta": .float(delta)]
        case .binaryCrossentropy(let logits), .categoricalCrossentropy(let logits), .sparseCategoricalCrossentropy(let logits):
            ["name": .string(loss.name), "from_logits": .bool(logits)]
        }
    }

    func makeLoss() throws -> Loss {
        let problem = CompileConfiguration.problem("loss")
        let (name, fields) = try namedObject(loss, problem)
        var fromLogits = false
        if let raw = fields["from_logits"] {
            guard case .bool(let flag) = raw else { throw problem("'from_logits' must be true or false, got \(raw.jsonText)") }
            fromLogits = flag
        }
        switch name {
        case "mean_squared_error": return .meanSquaredError
        case "mean_absolute_error": return .meanAbsoluteError
        case "huber": return .huber(delta: try fields["delta"].map { try LayerConfiguration.float($0) { problem("'delta' \($0)") } } ?? 1)
        case "binary_crossentropy": return .binaryCrossentropy(fromLogits: fromLogits)
        case "categorical_crossentropy": return .categoricalCrossentropy(fromLogits: fromLogits)
        case "sparse_categorical_crossentropy": return .sparseCategoricalCrossentropy(fromLogits: fromLogits)
        default: throw problem("names an unknown loss '\(name)'")
        }
    }

    // MARK: Metrics

    static func encode(_ metric: Metric) -> JSONValue {
        switch metric {
        case .binaryAccuracy(let threshold), .precision(let threshold), .recall(let threshold), .f1Score(let threshold):
            ["name": .string(metric.name), "threshold": .float(threshold)]
        default: .string(metric.name)
        }
    }

    func makeMetrics() throws -> [Metric] {
        let problem = CompileConfiguration.problem("metrics")
        return try metrics.map { raw in
            let (name, fields) = try namedObject(raw, problem)
            guard let metric = Metric(named: name) else { throw problem("names an unknown metric '\(name)'") }
            guard let threshold = try fields["threshold"].map({ try LayerConfiguration.float($0) { problem("'threshold' \($0)") } }) else {
                return metric
            }
            switch metric {
            case .binaryAccuracy: return .binaryAccuracy(threshold: threshold)
            case .precision: return .precision(threshold: threshold)
            case .recall: return .recall(threshold: threshold)
            case .f1Score: return .f1Score(threshold: threshold)
            default: return metric
            }
        }
    }
}
