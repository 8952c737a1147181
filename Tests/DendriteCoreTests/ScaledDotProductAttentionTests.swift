import Foundation
import DendriteTestSupport
import Testing
@testable import DendriteCore

/// Replays `Fixtures/attention_ops.json` (written by `Scripts/fixtures/make_attention_fixtures.py`):
/// `scaledDotProductAttention` must give PyTorch's output, weights and gradients with respect to the
/// query, key and value, with and without masks and the causal option, to 1e-5 relative (1e-6 absolute,
/// times the scale when it exceeds 1);
/// and its gradients, through the output and through the weights, must match finite differences.
@Suite struct ScaledDotProductAttentionTests {
    struct Values: Decodable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: data) }
    }

    struct Case: Decodable {
        let name: String
        let query, key, value, upstream, output, weights: Values
        let mask: Values?
        let maskKind: String?
        let causal: Bool
        let scale: Float?
        let gradients: [Values]
        enum CodingKeys: String, CodingKey {
            case name, query, key, value, upstream, output, weights, mask, causal, scale, gradients
            case maskKind = "mask_kind"
        }

        var attentionMask: AttentionMask? {
            guard let mask else { return nil }
            return maskKind == "additive" ? .additive(mask.tensor) : .allowed(mask.tensor)
        }

        func attention(_ inputs: [Tensor]) -> (output: Tensor, weights: Tensor) {
            scaledDotProductAttention(query: inputs[0], key: inputs[1], value: inputs[2], mask: attentionMask,
                                      causal: causal, scale: scale)
        }
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "attention_ops", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    @Test func fixtureFileCoversMasksAndCausal() {
        #expect(Self.cases.count == 10)
        #expect(Set(Self.cases.compactMap(\.maskKind)) == ["allowed", "additive"])
        #expect(Self.cases.contains { $0.causal && $0.mask != nil })
    }

    @Test(arguments: cases.map(\.name))
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let leaves = [fixture.query, fixture.key, fixture.value].map { values -> Tensor in
            var leaf = values.tensor
            leaf.requiresGradient = true
            return leaf
        }
        let (output, weights) = fixture.attention(leaves)
        expectClose(output, fixture.output.tensor, "\(name) output")
        expectClose(weights, fixture.weights.tensor, "\(name) weights")
        output.backward(gradient: fixture.upstream.tensor)
        // The scores' gradient carries the factor `scale`, and with it Float's rounding of the inputs.
        let absolute = 1e-6 * Swift.max(1, fixture.scale ?? 1)
        for (index, (leaf, expected)) in zip(leaves, fixture.gradients).enumerated() {
            expectClose(try #require(leaf.gradient), expected.tensor, absolute: absolute, "\(name) gradient \(index)")
        }
    }

    @Test(arguments: cases.filter { $0.scale != 40 }.map(\.name))
    func gradientsMatchFiniteDifferences(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let inputs = [fixture.query.tensor, fixture.key.tensor, fixture.value.tensor]
        expectGradientsMatchFiniteDifferences(inputs) { fixture.attention($0).output }
        expectGradientsMatchFiniteDifferences(inputs) { fixture.attention($0).weights }
        // Both outputs used at once: the query's and key's gradients from the two paths add up.
        expectGradientsMatchFiniteDifferences(inputs) { values in
            let (output, weights) = fixture.attention(values)
            return output.sum(alongAxes: [output.rank - 1], keepingDimensions: true) * weights
        }
    }

    @Test func fullyMaskedRowGivesZeroWeightsAndOutput() {
        let query = Tensor.randomUniform([1, 2, 3], low: -1, high: 1, seed: 1)
        let key = Tensor.randomUniform([1, 4, 3], low: -1, high: 1, seed: 2)
        let value = Tensor.randomUniform([1, 4, 2], low: -1, high: 1, seed: 3)
        let mask = Tensor([[1, 0, 1, 0], [0, 0, 0, 0]])
        let (output, weights) = scaledDotProductAttention(query: query, key: key, value: value, mask: .allowed(mask))
        #expect(Array(weights.scalars[4..<8]) == [0, 0, 0, 0] && Array(output.scalars[2..<4]) == [0, 0])
        #expect(weights.scalars[1] == 0 && weights.scalars[3] == 0)
        #expect(Swift.abs(weights.scalars[0] + weights.scalars[2] - 1) < 1e-6)
    }
}
