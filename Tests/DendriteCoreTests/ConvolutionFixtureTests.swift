import Foundation
import DendriteTestSupport
import Testing
@testable import DendriteCore

/// Replays the Keras/PyTorch reference cases of `Fixtures/conv_ops.json` (written by
/// `Scripts/fixtures/make_conv_fixtures.py`): convolution, pooling and batch normalisation must give
/// Keras' forward values and PyTorch's gradients of Σ upstream·output, to 1e-4 relative.
@Suite struct ConvolutionFixtureTests {
    @Test(arguments: ConvolutionFixtures.cases.map(\.name))
    func matchesKeras(_ name: String) throws {
        let fixture = try #require(ConvolutionFixtures.cases.first { $0.name == name })
        let leaves = fixture.inputs.map { input -> Tensor in
            var leaf = input.tensor
            leaf.requiresGradient = true
            return leaf
        }
        let (output, statistics) = try ConvolutionFixtures.run(fixture, leaves)
        expectClose(output, fixture.output.tensor, relative: 1e-4, absolute: 1e-5)
        if let (mean, variance) = statistics {
            expectClose(mean, try #require(fixture.mean).tensor, relative: 1e-4, absolute: 1e-6)
            expectClose(variance, try #require(fixture.variance).tensor, relative: 1e-4, absolute: 1e-6)
        }
        output.backward(gradient: fixture.upstream.tensor)
        for (index, (leaf, expected)) in zip(leaves, fixture.gradients).enumerated() {
            guard let expected else { continue }
            let gradient = try #require(leaf.gradient, "input \(index) received no gradient")
            expectClose(gradient, expected.tensor, relative: 1e-4, absolute: 1e-5)
        }
        if ProcessInfo.processInfo.environment["DENDRITE_REPORT_DEVIATIONS"] != nil {
            print("deviation \(name): \(ConvolutionFixtures.largestDeviation(output, fixture.output.tensor))")
        }
    }

    @Test func fixtureFileCoversEveryOperation() throws {
        let cases = try ConvolutionFixtures.load()
        #expect(Set(cases.map(\.op)) == ["conv2d", "conv1d", "maxPool2d", "avgPool2d", "maxPool1d", "globalAveragePool2d",
                                         "globalMaxPool2d", "batchNormTraining", "batchNormInference"])
        #expect(cases.count >= 30)
    }
}

/// One reference case, as `make_conv_fixtures.py` writes it.
struct ConvolutionFixtureCase: Decodable, Sendable {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: data) }
    }

    struct Parameters: Decodable, Sendable {
        var strides: [Int]?
        var padding: String?
        var dilation: [Int]?
        var poolSize: [Int]?
        var epsilon: Float?
    }

    let name: String
    let op: String
    let params: Parameters
    let inputs: [Values]
    let upstream: Values
    let output: Values
    let gradients: [Values?]
    let mean: Values?
    let variance: Values?
}

enum ConvolutionFixtures {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func load() throws -> [ConvolutionFixtureCase] {
        guard let url = Bundle.module.url(forResource: "conv_ops", withExtension: "json", subdirectory: "Fixtures") else {
            throw Missing(description: "Fixtures/conv_ops.json is not in the test bundle")
        }
        return try JSONDecoder().decode([ConvolutionFixtureCase].self, from: Data(contentsOf: url))
    }

    static let cases: [ConvolutionFixtureCase] = (try? load()) ?? []

    /// The largest |actual − expected| / max(|expected|, 1e-3), for reports.
    static func largestDeviation(_ actual: Tensor, _ expected: Tensor) -> Double {
        zip(actual.scalars, expected.scalars).map { Double(Swift.abs($0 - $1)) / Swift.max(Double(Swift.abs($1)), 1e-3) }
            .max() ?? 0
    }

    /// The Dendrite call of a case: its output and, for training-mode batch norm, the batch statistics.
    static func run(_ fixture: ConvolutionFixtureCase, _ x: [Tensor]) throws -> (Tensor, (Tensor, Tensor)?) {
        let p = fixture.params
        func pair(_ values: [Int]?) -> (Int, Int)? { values.map { $0.count == 2 ? ($0[0], $0[1]) : ($0[0], $0[0]) } }
        let padding = p.padding.flatMap(Padding.init(rawValue:)) ?? .valid
        switch fixture.op {
        case "conv2d":
            return (conv2d(x[0], x[1], bias: x[2], strides: pair(p.strides)!, padding: padding,
                           dilation: pair(p.dilation)!), nil)
        case "conv1d":
            return (conv1d(x[0], x[1], bias: x[2], stride: p.strides![0], padding: padding, dilation: p.dilation![0]), nil)
        case "maxPool2d":
            return (maxPool2d(x[0], poolSize: pair(p.poolSize)!, strides: pair(p.strides), padding: padding), nil)
        case "avgPool2d":
            return (avgPool2d(x[0], poolSize: pair(p.poolSize)!, strides: pair(p.strides), padding: padding), nil)
        case "maxPool1d":
            return (maxPool1d(x[0], poolSize: p.poolSize![0], stride: p.strides?[0], padding: padding), nil)
        case "globalAveragePool2d": return (x[0].mean(alongAxes: [1, 2]), nil)
        case "globalMaxPool2d": return (x[0].max(alongAxes: [1, 2]), nil)
        case "batchNormTraining":
            let (y, mean, variance) = batchNormalization(training: x[0], scale: x[1], offset: x[2], epsilon: p.epsilon!)
            return (y, (mean, variance))
        case "batchNormInference":
            return (batchNormalization(x[0], mean: x[3], variance: x[4], scale: x[1], offset: x[2], epsilon: p.epsilon!), nil)
        default: throw Missing(description: "no Swift operation for op \(fixture.op)")
        }
    }
}
