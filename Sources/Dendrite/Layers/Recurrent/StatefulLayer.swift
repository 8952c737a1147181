import DendriteCore

/// A layer that can carry states from one batch to the next (Keras' `stateful=True` recurrent
/// layers). A model with one requires `fit`, `evaluate` and `predict` batches of one fixed size that
/// divides the data, so that sample i of every batch continues the same sequence.
public protocol StatefulLayer: GraphLayer {
    /// Whether the layer keeps its final states as the next batch's initial states.
    var stateful: Bool { get }
    /// The batch size of the states carried now, or nil when there are none.
    var carriedBatchSize: Int? { get }
    /// Forgets the carried states: the next batch starts from zeros (Keras' `reset_states`).
    func resetStates()
}
