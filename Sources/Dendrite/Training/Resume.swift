import Foundation

extension Model {
    /// Restores a ``ModelCheckpoint`` into this (built, compiled) model for `fit(resumeFrom:)` and
    /// returns the first epoch still to train.
    ///
    /// The architecture must match the checkpoint's. Weights, the optimizer (hyper-parameters,
    /// e.g. a rate lowered by `ReduceLROnPlateau`, per-weight state and step count) and the
    /// shuffle and dropout generators come from the checkpoint, so the resumed run continues
    /// bit-identically; the loss, metrics and schedule stay as compiled.
    func resume(from url: URL) throws -> Int {
        let configuration = try ModelConfiguration.read(fromDirectory: url)
        let source = url.appendingPathComponent("config.json").path
        func failure(_ message: String) -> DendriteError { DendriteError(.invalidFile, "\(source): \(message)") }
        guard let completed = configuration.completedEpochs, completed >= 0 else {
            throw failure("completed_epochs is missing: this is a saved model, not a checkpoint written by ModelCheckpoint")
        }
        let saved: LayerConfiguration
        if let model = configuration.model {
            saved = try KerasModelSchema.layerConfiguration(model) { failure("model: \($0)") }
        } else {
            // Format 1: a Sequential model's layers and input shape.
            let layers = configuration.layers ?? []
            saved = LayerConfiguration(type: "Sequential", name: configuration.name, settings: KerasModelSchema.sequentialSettings(
                try layers.map(LayerRegistry.makeLayer), inputShape: configuration.inputShape))
        }
        let mine = self.configuration
        if case .array(let savedLayers)? = saved.settings["layers"], case .array(let myLayers)? = mine.settings["layers"] {
            guard savedLayers.count == myLayers.count else {
                throw failure("the checkpoint has \(savedLayers.count) layers, the model has \(myLayers.count)")
            }
            for (index, (theirs, ours)) in zip(savedLayers, myLayers).enumerated() where theirs != ours {
                func described(_ raw: JSONValue) -> String {
                    guard let layer = try? KerasModelSchema.layerConfiguration(raw, failure) else { return raw.messageText }
                    return "'\(layer.name)' (\(layer.type)) with settings \(JSONValue.object(layer.settings).messageText)"
                }
                throw failure("layer \(index) is \(described(theirs)) in the checkpoint, but \(described(ours)) in the model")
            }
        }
        guard saved.type == mine.type, saved.settings == mine.settings else {
            throw failure("the checkpoint's model (\(saved.type)) differs from this model (\(mine.type)) in its inputs, outputs or input shape")
        }
        try assignWeights(SafeTensors(contentsOf: url.appendingPathComponent("model.safetensors")),
                          source: url.appendingPathComponent("model.safetensors").path)
        if let compile = configuration.compile, let state = compiled?.optimizerState {
            // The checkpoint's settings pass the same checks as those compiled: a damaged or edited
            // checkpoint with a negative rate or a β of 1 is refused before any step.
            let optimizer = try Model.located(source) { try compile.makeOptimizer() }
            do { try optimizer.validate() } catch let error as DendriteError {
                throw failure("the optimizer's settings: \(error.message)")
            }
            state.optimizer = optimizer
            let optimizerURL = url.appendingPathComponent("optimizer.safetensors")
            try restoreOptimizerState(SafeTensors(contentsOf: optimizerURL), source: optimizerURL.path)
        }
        try restoreRandomState(configuration.randomState, source: source)
        return completed
    }
}
