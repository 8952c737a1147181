import Testing
@testable import DendriteCore

/// Shape mistakes in tensor maths are programmer errors: they stop the process with a message
/// that names the operation and both shapes.
@Suite struct ShapeErrorTests {
    @Test func mismatchedBroadcastTrapsNamingBothShapes() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("add: shapes [2, 3] and [4] cannot be broadcast together"))
        }
    }

    @Test func misalignedMatmulTrapsNamingBothShapes() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]))
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("matmul: shapes [2, 3] and [2, 3] do not align"))
        }
    }

    @Test func badReshapeTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3]).reshaped([4, 2])
        }
    }
}
