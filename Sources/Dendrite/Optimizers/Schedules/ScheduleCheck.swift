/// The checks every schedule's initializer shares; schedules throw from `init` because nothing
/// later (neither `compile` nor `fit`) gets to look at them.
enum ScheduleCheck {
    static func rate(_ schedule: String, _ label: String, _ value: Float) throws {
        guard value >= 0, value.isFinite else {
            throw DendriteError.argument("\(schedule): \(label) must be a finite number ≥ 0, got \(value)")
        }
    }

    static func positive(_ schedule: String, _ label: String, _ value: Int) throws {
        guard value > 0 else { throw DendriteError.argument("\(schedule): \(label) must be > 0, got \(value)") }
    }
}
