/// Builds a list of layers from a `Sequential { … }` block.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any GraphLayer) -> [any GraphLayer] { [layer] }
    public static func buildBlock(_ parts: [any GraphLayer]...) -> [any GraphLayer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any GraphLayer]?) -> [any GraphLayer] { part ?? [] }
    public static func buildEither(first part: [any GraphLayer]) -> [any GraphLayer] { part }
    public static func buildEither(second part: [any GraphLayer]) -> [any GraphLayer] { part }
    public static func buildArray(_ parts: [[any GraphLayer]]) -> [any GraphLayer] { parts.flatMap { $0 } }
}
