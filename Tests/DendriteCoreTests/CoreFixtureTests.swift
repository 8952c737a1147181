import Foundation
import DendriteTestSupport
import Testing
@testable import DendriteCore

/// Replays the PyTorch reference cases of `Fixtures/core_ops.json` (written by
/// `Scripts/fixtures/make_core_fixtures.py`): every core op must give float32 PyTorch's forward
/// value, and `backward(gradient:)` must leave PyTorch's gradient in each input.
@Suite struct CoreFixtureTests {
    @Test(arguments: CoreFixtures.cases.map(\.name))
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(CoreFixtures.cases.first { $0.name == name })
        let operation = try #require(CoreFixtures.operations[fixture.op], "no Swift operation for op \(fixture.op)")
        let leaves = fixture.inputs.map { input -> Tensor in
            var leaf = input.tensor
            leaf.requiresGradient = true
            return leaf
        }
        let output = try operation(leaves, fixture.params)
        expectClose(output, fixture.output.tensor, relative: 1e-5, absolute: 1e-6)

        guard let upstream = fixture.upstream else {
            #expect(fixture.gradients.allSatisfy { $0 == nil }, "gradients recorded without an upstream gradient")
            return
        }
        output.backward(gradient: upstream.tensor)
        #expect(fixture.gradients.count == leaves.count)
        for (index, (leaf, expected)) in zip(leaves, fixture.gradients).enumerated() {
            if let expected {
                let gradient = try #require(leaf.gradient, "input \(index) received no gradient")
                expectClose(gradient, expected.tensor, relative: CoreFixtures.gradientRelativeTolerance(for: fixture),
                            absolute: 1e-6)
            } else {
                #expect(leaf.gradient == nil, "input \(index) is not differentiable but received a gradient")
            }
        }
    }

    @Test func fixtureFileLoadsAndEveryOpIsKnown() throws {
        let cases = try CoreFixtures.load()
        #expect(cases.count >= 150, "only \(cases.count) cases in core_ops.json")
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
        let unknown = Set(cases.map(\.op)).subtracting(CoreFixtures.operations.keys)
        #expect(unknown.isEmpty, "ops in core_ops.json with no Swift counterpart: \(unknown.sorted())")
    }
}

/// One reference case, as `make_core_fixtures.py` writes it.
struct CoreFixtureCase: Decodable, Sendable {
    struct Values: Decodable, Sendable, Equatable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: data) }
    }

    /// The settings of an op; which ones an op needs is decided by its entry in `operations`.
    struct Parameters: Decodable, Sendable {
        var axes: [Int]?
        var keepDimensions: Bool?
        var axis: Int?
        var correction: Int?
        var exponent: Float?
        var lower: Float?
        var upper: Float?
        var start: Int?
        var end: Int?
        var shape: [Int]?
        var permutation: [Int]?
        var indices: [Int]?
        var scalar: Float?
        var scalarFirst: Bool?

        func required<Value>(_ key: KeyPath<Parameters, Value?>, _ name: String) throws -> Value {
            guard let value = self[keyPath: key] else { throw CoreFixtureError.missingParameter(name) }
            return value
        }

        var requiredAxis: Int { get throws { try required(\.axis, "axis") } }
        var requiredKeepDimensions: Bool { get throws { try required(\.keepDimensions, "keepDimensions") } }
    }

    let name: String
    let op: String
    let params: Parameters
    let inputs: [Values]
    let upstream: Values?
    let output: Values
    let gradients: [Values?]
}

enum CoreFixtureError: Error, CustomStringConvertible {
    case missingFile
    case missingParameter(String)

    var description: String {
        switch self {
        case .missingFile: "Fixtures/core_ops.json is not in the test bundle"
        case .missingParameter(let name): "the case has no parameter \"\(name)\" but its op needs one"
        }
    }
}

enum CoreFixtures {
    typealias Parameters = CoreFixtureCase.Parameters
    typealias Operation = @Sendable ([Tensor], Parameters) throws -> Tensor

    static func load() throws -> [CoreFixtureCase] {
        guard let url = Bundle.module.url(forResource: "core_ops", withExtension: "json", subdirectory: "Fixtures")
        else { throw CoreFixtureError.missingFile }
        return try JSONDecoder().decode([CoreFixtureCase].self, from: Data(contentsOf: url))
    }

    /// Empty if the file does not load; `fixtureFileLoadsAndEveryOpIsKnown` then reports why.
    static let cases: [CoreFixtureCase] = (try? load()) ?? []

    /// The relative tolerance for the gradients of a case (1e-5 unless the reference itself is less exact).
    ///
    /// PyTorch's logsumexp backward is g·exp(x − lse) with lse rounded to float32, so its gradient
    /// carries lse's rounding, up to |lse|·ε relative (3e-5 at |x| ≈ 1000); Dendrite's
    /// g·exp(x − max)/Σ has no such term.
    static func gradientRelativeTolerance(for fixture: CoreFixtureCase) -> Float {
        guard fixture.op == "logSumExp" else { return 1e-5 }
        let largest = fixture.inputs.flatMap(\.data).map(\.magnitude).max() ?? 0
        return 1e-5 + largest * Float.ulpOfOne
    }

    /// A Tensor ∘ Float operation; `scalarFirst` picks the Float ∘ Tensor overload instead.
    private static func withFloat(_ tensorFirst: @escaping @Sendable (Tensor, Float) -> Tensor,
                                  _ floatFirst: @escaping @Sendable (Float, Tensor) -> Tensor) -> Operation {
        { x, p in
            let scalar = try p.required(\.scalar, "scalar")
            return try p.required(\.scalarFirst, "scalarFirst") ? floatFirst(scalar, x[0]) : tensorFirst(x[0], scalar)
        }
    }

    /// Each op string of the fixture file, as the Dendrite call it stands for.
    static let operations: [String: Operation] = [
        "add": { x, _ in x[0] + x[1] },
        "subtract": { x, _ in x[0] - x[1] },
        "multiply": { x, _ in x[0] * x[1] },
        "divide": { x, _ in x[0] / x[1] },
        "maximum": { x, _ in maximum(x[0], x[1]) },
        "minimum": { x, _ in minimum(x[0], x[1]) },
        "add_float": withFloat({ $0 + $1 }, { $0 + $1 }),
        "subtract_float": withFloat({ $0 - $1 }, { $0 - $1 }),
        "multiply_float": withFloat({ $0 * $1 }, { $0 * $1 }),
        "divide_float": withFloat({ $0 / $1 }, { $0 / $1 }),
        "negate": { x, _ in -x[0] },
        "matmul": { x, _ in matmul(x[0], x[1]) },

        "exp": { x, _ in x[0].exp() },
        "log": { x, _ in x[0].log() },
        "sqrt": { x, _ in x[0].sqrt() },
        "squared": { x, _ in x[0].squared() },
        "pow": { x, p in x[0].pow(try p.required(\.exponent, "exponent")) },
        "abs": { x, _ in x[0].abs() },
        "sign": { x, _ in x[0].sign() },
        "clamp": { x, p in x[0].clamped(to: try p.required(\.lower, "lower"), try p.required(\.upper, "upper")) },
        "sigmoid": { x, _ in x[0].sigmoid() },
        "tanh": { x, _ in x[0].tanh() },
        "relu": { x, _ in x[0].relu() },

        "sum": { x, p in x[0].sum(alongAxes: p.axes, keepingDimensions: try p.requiredKeepDimensions) },
        "mean": { x, p in x[0].mean(alongAxes: p.axes, keepingDimensions: try p.requiredKeepDimensions) },
        "max": { x, p in x[0].max(alongAxes: p.axes, keepingDimensions: try p.requiredKeepDimensions) },
        "min": { x, p in x[0].min(alongAxes: p.axes, keepingDimensions: try p.requiredKeepDimensions) },
        "logSumExp": { x, p in x[0].logSumExp(alongAxes: p.axes, keepingDimensions: try p.requiredKeepDimensions) },
        "variance": { x, p in
            x[0].variance(alongAxes: p.axes, keepingDimensions: try p.requiredKeepDimensions,
                          correction: try p.required(\.correction, "correction"))
        },
        "softmax": { x, p in x[0].softmax(alongAxis: try p.requiredAxis) },
        "logSoftmax": { x, p in x[0].logSoftmax(alongAxis: try p.requiredAxis) },
        "argmax": { x, p in x[0].argmax(alongAxis: try p.requiredAxis) },

        "reshape": { x, p in x[0].reshaped(try p.required(\.shape, "shape")) },
        "transpose": { x, _ in x[0].transposed() },
        "permute": { x, p in x[0].permuted(try p.required(\.permutation, "permutation")) },
        // A null axis squeezes every size-1 axis.
        "squeeze": { x, p in x[0].squeezed(axis: p.axis) },
        "expandDims": { x, p in x[0].expandingDimensions(at: try p.requiredAxis) },
        "broadcast": { x, p in x[0].broadcast(to: try p.required(\.shape, "shape")) },

        "slice": { x, p in
            x[0].slice(alongAxis: try p.requiredAxis,
                       try p.required(\.start, "start")..<p.required(\.end, "end"))
        },
        "gather": { x, p in x[0].gathering(try p.required(\.indices, "indices"), alongAxis: try p.requiredAxis) },
        "concatenate": { x, p in Tensor.concatenate(x, alongAxis: try p.requiredAxis) },
        "stack": { x, p in Tensor.stack(x, alongAxis: try p.requiredAxis) },
        "select": { x, _ in Tensor.select(x[0], x[1], x[2]) },
    ]
}
