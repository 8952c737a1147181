import Testing
@testable import Dendrite

/// Class-id metrics take any target a loss lets through: one that is no class id (fractional, huge)
/// matches no prediction instead of trapping in the conversion.
@Suite struct MetricClassIdTests {
    @Test(arguments: [Metric.sparseCategoricalAccuracy, .sparseTopKCategoricalAccuracy(k: 2), .meanIoU(numClasses: 3)])
    func targetsThatAreNoClassIdsMatchNothing(metric: Metric) throws {
        var accumulator = MetricAccumulator(metric, reportedAs: metric.name)
        let probabilities = Tensor([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]])
        accumulator.update(probabilities, Tensor([1e30, 0.5, -4]))
        #expect(accumulator.result == 0)
    }
}
