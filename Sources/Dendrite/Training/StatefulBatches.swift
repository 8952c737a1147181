import DendriteCore

extension Model {
    /// Forgets the states every `stateful` layer carries (Keras' `reset_states`): the next batch
    /// starts from zeros. Call it between independent sequences, e.g. after each epoch.
    public func resetStates() {
        for layer in allLayers { (layer as? any StatefulLayer)?.resetStates() }
    }

    /// Throws unless batches of `batchSize` suit the model's stateful layers (as Keras, which fixes
    /// the batch size of a stateful model): every batch the same size, so `batchSize` divides the
    /// `samples`, and the size of any states carried now.
    func requireStatefulBatches(samples: Int, batchSize: Int, _ call: String) throws {
        guard let layer = allLayers.compactMap({ $0 as? any StatefulLayer }).first(where: \.stateful) else { return }
        guard samples % batchSize == 0 else {
            throw DendriteError.argument("\(call): \(name) has the stateful layer '\(layer.name)', whose batches must all have "
                + "one size: batchSize \(batchSize) does not divide the \(samples) samples")
        }
        if let carried = layer.carriedBatchSize, carried != batchSize {
            throw DendriteError.argument("\(call): the stateful layer '\(layer.name)' carries states for batches of \(carried), "
                + "got batchSize \(batchSize); use \(carried) or call resetStates() first")
        }
    }
}
