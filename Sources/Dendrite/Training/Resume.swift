import Foundation

extension Sequential {
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
        let current = layers.map(\.configuration)
        guard configuration.layers.count == current.count else {
            throw failure("the checkpoint has \(configuration.layers.count) layers, the model has \(current.count)")
        }
        for (index, (saved, mine)) in zip(configuration.layers, current).enumerated()
        where saved.type != mine.type || saved.name != mine.name || saved.settings != mine.settings {
            throw failure("layer \(index) is '\(saved.name)' (\(saved.type)) with settings \(JSONValue.object(saved.settings).jsonText) in the checkpoint, but '\(mine.name)' (\(mine.type)) with \(JSONValue.object(mine.settings).jsonText) in the model")
        }
        guard configuration.inputShape == inputShape else {
            throw failure("the checkpoint is for samples of shape \(configuration.inputShape ?? []), the data has shape \(inputShape ?? [])")
        }
        try assignWeights(SafeTensors(contentsOf: url.appendingPathComponent("model.safetensors")),
                          source: url.appendingPathComponent("model.safetensors").path)
        if let compile = configuration.compile, let state = compiled?.optimizerState {
            state.optimizer = try Sequential.located(source) { try compile.makeOptimizer() }
            let optimizerURL = url.appendingPathComponent("optimizer.safetensors")
            try restoreOptimizerState(SafeTensors(contentsOf: optimizerURL), source: optimizerURL.path)
        }
        try restoreRandomState(configuration.randomState, source: source)
        return completed
    }
}
