import Dendrite
import Foundation

/// The mapping from data values to a chart's side, with its tick values and labels.
///
/// Linear axes put ticks on "nice" steps: 1, 2 or 5 times a power of ten, about five of them, and
/// (unless `exact`) widen the range to the ticks around the data. Logarithmic axes span whole
/// decades, with ticks at powers of ten, plus 2× and 5× when the data cover fewer than three decades.
public struct Axis: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let isLogarithmic: Bool
    /// Tick values, increasing, inside `lower…upper`.
    public let ticks: [Double]
    /// Decimals of the tick labels (from the step, so `0.2` steps print `0.2`, `0.4`, …).
    let decimals: Int

    /// A linear axis covering `range`: widened to whole ticks unless `exact`; whole-number steps only
    /// when `integerSteps` (epochs, counts). An empty range is widened around its value.
    public static func linear(covering range: ClosedRange<Double>, tickCount: Int = 5, exact: Bool = false,
                              integerSteps: Bool = false) -> Axis {
        var (low, high) = (range.lowerBound, range.upperBound)
        if high - low < 1e-12 * Swift.max(1, abs(low)) {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        var step = niceStep((high - low) / Double(Swift.max(tickCount, 1)))
        if integerSteps { step = Swift.max(step, 1) }
        if !exact { (low, high) = ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step) }
        let first = (low / step - 1e-9).rounded(.up), last = (high / step + 1e-9).rounded(.down)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step + 0 }
        return Axis(lower: low, upper: high, isLogarithmic: false, ticks: ticks,
                    decimals: Swift.max(0, Int(-log10(step).rounded(.down))))
    }

    /// A base-10 logarithmic axis covering the positive `range`. Over three decades or more it runs
    /// from the decade below the data to the decade above, ticked at powers of ten; over less, from
    /// the 1, 2 or 5 × 10ᵏ below to the one above, ticked at each of those.
    public static func logarithmic(covering range: ClosedRange<Double>) -> Axis {
        let low = Swift.max(range.lowerBound, Double.leastNormalMagnitude), high = Swift.max(range.upperBound, low)
        let lowDecade = Int(log10(low).rounded(.down))
        let highDecade = Swift.max(Int(log10(high).rounded(.up)), lowDecade + 1)
        let decades = highDecade - lowDecade
        if decades < 3 {
            let candidates = (lowDecade...highDecade).flatMap { decade in [1.0, 2, 5].map { $0 * pow(10, Double(decade)) } }
            let lower = candidates.last { $0 <= low * (1 + 1e-9) } ?? pow(10, Double(lowDecade))
            var upper = candidates.first { $0 >= high * (1 - 1e-9) } ?? pow(10, Double(highDecade))
            if upper <= lower { upper = candidates.first { $0 > lower } ?? lower * 10 }
            return Axis(lower: lower, upper: upper, isLogarithmic: true,
                        ticks: candidates.filter { $0 >= lower && $0 <= upper }, decimals: 0)
        }
        let every = Swift.max(1, Int((Double(decades) / 6).rounded(.up)))
        let ticks = stride(from: lowDecade, through: highDecade, by: every).map { pow(10, Double($0)) }
        return Axis(lower: pow(10, Double(lowDecade)), upper: pow(10, Double(highDecade)), isLogarithmic: true,
                    ticks: ticks, decimals: 0)
    }

    /// The smallest 1, 2 or 5 × 10ᵏ at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let power = pow(10, log10(raw).rounded(.down))
        let multiple = [1.0, 2, 5, 10].first { $0 * power >= raw * (1 - 1e-9) } ?? 10
        return multiple * power
    }

    /// Where `value` lies between `lower` (0) and `upper` (1); nil for a value a log axis cannot show.
    public func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        if isLogarithmic {
            guard value > 0 else { return nil }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
        return (value - lower) / (upper - lower)
    }

    /// The text written at a tick: fixed decimals from the step on linear axes (`0.25` never shows
    /// as `0.25000001`), plain decimals on log axes from 0.0001 to 100000, exponent form beyond.
    public func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if value != 0 && (magnitude >= 1e6 || magnitude < 1e-4) {
            let exponent = Int(log10(magnitude).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            let mantissaText = abs(mantissa - mantissa.rounded()) < 1e-9 ? String(Int(mantissa.rounded()))
                                                                      : String(format: "%.1f", mantissa)
            return "\(mantissaText)e\(exponent)"
        }
        let places = isLogarithmic ? Swift.max(0, -Int(log10(magnitude).rounded(.down))) : decimals
        return String(format: "%.\(places)f", value == 0 ? 0 : value)
    }
}
