import CDendriteKernels
import Foundation
import Testing

@testable import DendriteCore

extension VectorMathTests {
    /// One of the vectorised functions, with the double-precision reference it must match.
    enum Function: String, CaseIterable, Sendable {
        case exp, log, log1p, tanh, sigmoid, softplus, erf

        var vectorised: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void {
            switch self {
            case .exp: VectorMath.exp
            case .log: VectorMath.log
            case .log1p: VectorMath.log1p
            case .tanh: VectorMath.tanh
            case .sigmoid: VectorMath.sigmoid
            case .softplus: VectorMath.softplus
            case .erf: VectorMath.erf
            }
        }

        var cFunction: dd_vfunction {
            switch self {
            case .exp: DD_VEXP
            case .log: DD_VLOG
            case .log1p: DD_VLOG1P
            case .tanh: DD_VTANH
            case .sigmoid: DD_VSIGMOID
            case .softplus: DD_VSOFTPLUS
            case .erf: DD_VERF
            }
        }

        func reference(_ x: Double) -> Double {
            switch self {
            case .exp: Foundation.exp(x)
            case .log: Foundation.log(x)
            case .log1p: Foundation.log1p(x)
            case .tanh: Foundation.tanh(x)
            case .sigmoid: x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
            case .softplus: Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
            case .erf: Foundation.erf(x)
            }
        }

        /// The inputs worth sweeping: beyond them the result is a constant (0, 1, inf) or the
        /// identity, which `specialValues` checks.
        var domain: ClosedRange<Float> {
            switch self {
            case .exp: -104...89
            case .log: 0...Float.greatestFiniteMagnitude
            case .log1p: -1...Float.greatestFiniteMagnitude
            case .tanh, .sigmoid: -20...20
            case .softplus: -104...20
            case .erf: -4...4
            }
        }

        /// Largest error allowed in the sweep, in units in the last place of the float result
        /// (the AVX2 path measures 0.8 to 2.0 over every float; glibc's tanhf reaches 1.9).
        var maximumULPs: Double {
            switch self {
            case .exp, .log: 1.5
            case .log1p, .tanh, .sigmoid, .softplus, .erf: 2.5
            }
        }

        /// Exact results every implementation must give.
        var specialValues: [(input: Float, expected: Float)] {
            let inf = Float.infinity
            switch self {
            case .exp: return [(0, 1), (-inf, 0), (inf, inf), (89, inf), (-104, 0), (.nan, .nan)]
            case .log: return [(1, 0), (0, -inf), (-0.0, -inf), (-1, .nan), (-inf, .nan), (inf, inf), (.nan, .nan)]
            case .log1p: return [(0, 0), (-1, -inf), (-2, .nan), (inf, inf), (.nan, .nan)]
            case .tanh: return [(0, 0), (10, 1), (-10, -1), (inf, 1), (-inf, -1), (.nan, .nan)]
            case .sigmoid: return [(0, 0.5), (inf, 1), (-inf, 0), (200, 1), (-200, 0), (.nan, .nan)]
            case .softplus: return [(-inf, 0), (inf, inf), (1e30, 1e30), (-200, 0), (.nan, .nan)]
            case .erf: return [(0, 0), (4, 1), (-4, -1), (inf, 1), (-inf, -1), (.nan, .nan)]
            }
        }
    }

    /// Which implementation a test runs.
    enum Path: String, CaseIterable, Sendable {
        /// What `VectorMath` picks on this CPU (AVX2 on any recent x86-64).
        case dispatched
        /// The C-library fallback, forced.
        case portable

        func apply(_ function: Function, _ input: [Float]) -> [Float] {
            var output = [Float](repeating: 0, count: input.count)
            input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    guard let from = source.baseAddress, let to = destination.baseAddress else { return }
                    switch self {
                    case .dispatched: function.vectorised(from, to, input.count)
                    case .portable: dd_vportable(function.cFunction, from, to, input.count)
                    }
                }
            }
            return output
        }
    }
}

/// Error of `value` against `reference` in units of the float ulp at `reference` (subnormal
/// results count in ulps of the smallest subnormal).
private func ulpError(_ value: Float, reference: Double) -> Double {
    let ulp = Double(sign: .plus, exponent: Swift.max(reference.exponent, -126) - 23, significand: 1)
    return Swift.abs(Double(value) - reference) / ulp
}

/// `count` floats evenly spread in value across `range`, and `count` evenly spread in bit
/// pattern, which reaches every binade down to the subnormals.
private func sweepInputs(_ range: ClosedRange<Float>, count: Int) -> [Float] {
    func key(_ x: Float) -> Int64 { x.sign == .minus ? -Int64(x.magnitude.bitPattern) : Int64(x.bitPattern) }
    func float(_ key: Int64) -> Float {
        key < 0 ? -Float(bitPattern: UInt32(-key)) : Float(bitPattern: UInt32(key))
    }
    let lower = Double(range.lowerBound), upper = Double(range.upperBound)
    let keyLower = key(range.lowerBound), keySpan = key(range.upperBound) - keyLower
    return (0...count).flatMap { step -> [Float] in
        let fraction = Double(step) / Double(count)
        return [Float(lower + (upper - lower) * fraction), float(keyLower + Int64(Double(keySpan) * fraction))]
    }
}

@Suite("VectorMath")
struct VectorMathTests {
    @Test("matches double precision within the ulp bound over the function's domain",
          arguments: Function.allCases, Path.allCases)
    func accuracy(function: Function, path: Path) {
        let inputs = sweepInputs(function.domain, count: 8_000)
        let outputs = path.apply(function, inputs)
        var worst = (ulps: 0.0, input: Float.zero)
        for (x, y) in zip(inputs, outputs) {
            let reference = function.reference(Double(x))
            guard Float(reference).isFinite else { continue }
            let ulps = ulpError(y, reference: reference)
            if ulps > worst.ulps { worst = (ulps, x) }
        }
        #expect(worst.ulps <= function.maximumULPs, "\(function) worst \(worst.ulps) ulp at x = \(worst.input)")
    }

    @Test("gives the exact results for zeros, infinities, saturation and NaN",
          arguments: Function.allCases, Path.allCases)
    func specialValues(function: Function, path: Path) {
        let cases = function.specialValues
        let outputs = path.apply(function, cases.map(\.input))
        for ((input, expected), output) in zip(cases, outputs) {
            let matches = expected.isNaN ? output.isNaN : output == expected
            #expect(matches, "\(function)(\(input)) = \(output), expected \(expected)")
        }
    }

    @Test("tanh, sigmoid and erf never leave their ranges", arguments: Path.allCases)
    func boundedRanges(path: Path) {
        let inputs = sweepInputs(-Float.greatestFiniteMagnitude...Float.greatestFiniteMagnitude, count: 8_000)
        #expect(path.apply(.tanh, inputs).allSatisfy { (-1...1).contains($0) })
        #expect(path.apply(.sigmoid, inputs).allSatisfy { (0...1).contains($0) })
        #expect(path.apply(.erf, inputs).allSatisfy { (-1...1).contains($0) })
    }

    @Test("handles every length, leaves memory past the end alone and matches element by element",
          arguments: [0, 1, 7, 8, 9, 1003])
    func lengths(count: Int) {
        let inputs = (0..<count).map { Float($0) * 0.37 - 100 }
        for function in Function.allCases {
            var buffer = [Float](repeating: -42, count: count + 8)
            inputs.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { destination in
                    // A count of zero may come with any pointer; the kernels must not touch it.
                    let output = destination.baseAddress!
                    function.vectorised(source.baseAddress ?? UnsafePointer(output), output, count)
                }
            }
            let oneAtATime = inputs.map { Path.dispatched.apply(function, [$0])[0] }
            #expect(buffer[..<count].elementsEqual(oneAtATime) { $0.bitPattern == $1.bitPattern }, "\(function)")
            #expect(buffer[count...].allSatisfy { $0 == -42 }, "\(function) wrote past \(count) elements")
        }
    }

    @Test("works in place")
    func inPlace() {
        let inputs = (0..<19).map { Float($0) * 0.5 - 4 }
        for function in Function.allCases {
            var values = inputs
            values.withUnsafeMutableBufferPointer { function.vectorised($0.baseAddress!, $0.baseAddress!, $0.count) }
            let outOfPlace = Path.dispatched.apply(function, inputs)
            #expect(values.map(\.bitPattern) == outOfPlace.map(\.bitPattern), "\(function)")
        }
    }
}
