import DendriteCore

/// What `compile` fixed, as saved in `config.json` with Keras' names:
///
/// ```json
/// {"optimizer": {"name": "adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
///                "amsgrad": false, "weight_decay": 0, "clipnorm": null, "global_clipnorm": null, "clipvalue": null},
///  "loss": {"name": "binary_crossentropy", "from_logits": false, "label_smoothing": 0},
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
        self.loss = loss.configuration
        self.metrics = metrics.map(\.configuration)
    }

    /// The settings of a model compiled per output: one loss, weight and metric list per output.
    init(optimizer: any Optimizer, objectives: [OutputObjective]) throws {
        self.optimizer = try CompileConfiguration.encode(optimizer)
        self.loss = .array(objectives.map(\.loss.configuration))
        self.metrics = objectives.map { .array($0.metrics.map(\.configuration)) }
        self.lossWeights = objectives.map(\.weight)
    }

    /// Compiles `model` with these settings.
    func compile(_ model: Model) throws {
        let optimizer = try makeOptimizer()
        guard case .array(let losses) = loss else {
            return model.compile(optimizer: optimizer, loss: try makeLoss(), metrics: try makeMetrics())
        }
        let perOutputMetrics = try metrics.map { raw in
            guard case .array(let list) = raw else { throw CompileConfiguration.problem("metrics")("must hold one list per output, got \(raw.messageText)") }
            return try CompileConfiguration(optimizer: optimizer, loss: .null, metrics: list).makeMetrics()
        }
        let perOutputLosses = try losses.map { try CompileConfiguration(optimizer: optimizer, loss: $0, metrics: []).makeLoss() }
        guard perOutputMetrics.count == perOutputLosses.count, (lossWeights?.count ?? losses.count) == losses.count else {
            throw CompileConfiguration.problem("loss")("has \(losses.count) losses, \(perOutputMetrics.count) metric lists and \(lossWeights?.count ?? 0) loss weights; they must agree")
        }
        model.compile(optimizer: optimizer, loss: perOutputLosses, metrics: perOutputMetrics, lossWeights: lossWeights)
    }

    /// Settings as they are written, e.g. translated from a Keras file's `compile_config`.
    init(optimizer: JSONValue, loss: JSONValue, metrics: [JSONValue], lossWeights: [Float]?) {
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.lossWeights = lossWeights
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

    /// The optimizer's ``OptimizerConfiguration`` (see the Optimizers folder).
    static func encode(_ optimizer: any Optimizer) throws -> JSONValue {
        try OptimizerRegistry.configuration(of: optimizer).json
    }

    func makeOptimizer() throws -> any Optimizer {
        try OptimizerRegistry.makeOptimizer(OptimizerConfiguration(json: optimizer))
    }

    // MARK: Loss and metrics (their encodings live with each member; the registries read them)

    func makeLoss() throws -> Loss { try LossRegistry.loss(from: loss) }

    func makeMetrics() throws -> [Metric] { try metrics.map(MetricRegistry.metric(from:)) }
}
