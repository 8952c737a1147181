import Dendrite
/// The colours charts draw with.
///
/// Categorical colours are Okabe and Ito's colour-blind-safe set (blue, vermillion, bluish green,
/// reddish purple, orange, sky blue, black, yellow), yellow last because it is hard to see on
/// white. Series beyond the eighth reuse the colours with dashed lines (see ``LineChart``).
public enum Palette {
    public static let categorical = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                                     "#000000", "#F0E442"]

    /// The categorical colour for index `index`, cycling.
    public static func color(_ index: Int) -> String { categorical[index % categorical.count] }

    /// The categorical colour mixed with white (`amount` of white, 0…1), for filled areas under points.
    public static func tint(_ index: Int, amount: Double = 0.65) -> String {
        mix(color(index), "#FFFFFF", amount)
    }

    /// A sequential white-to-dark-blue scale (ColorBrewer's "Blues" ends) at `fraction` in 0…1.
    public static func sequential(_ fraction: Double) -> String {
        mix("#F7FBFF", "#08306B", Swift.min(Swift.max(fraction.isFinite ? fraction : 0, 0), 1))
    }

    /// `a` moved towards `b` by `t` (0 gives `a`), component-wise in sRGB, as `#RRGGBB`.
    static func mix(_ a: String, _ b: String, _ t: Double) -> String {
        let (ca, cb) = (components(a), components(b))
        let mixed = zip(ca, cb).map { pair -> Int in
            let (from, to) = (Double(pair.0), Double(pair.1))
            return Int((from + (to - from) * t).rounded())
        }
        return "#" + mixed.map { hex($0) }.joined()
    }

    /// Red, green and blue (0…255) of `#RRGGBB`.
    static func components(_ color: String) -> [Int] {
        let digits = Array(color.dropFirst())
        return stride(from: 0, to: 6, by: 2).map { Int(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
    }

    private static func hex(_ value: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return value < 16 ? "0" + text : text
    }
}
