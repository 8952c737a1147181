import Testing
@testable import DendriteCourse

/// The shipped corpora decode whole: every row of the generated sources becomes a sample.
@Suite struct CourseDataTests {
    @Test func playSpeechesAreBalancedAndLabelledByPlay() {
        let speeches = CourseData.playSpeeches()
        #expect(speeches.classNames == ["hamlet", "twelfth-night"])
        #expect(speeches.texts.count == 960)
        #expect(speeches.labels.filter { $0 == 0 }.count == 480)
        #expect(speeches.labels.filter { $0 == 1 }.count == 480)
        #expect(speeches.texts.first == "Nay, answer me: stand, and unfold yourself.")
        #expect(speeches.texts.last == "I'll be revenged on the whole pack of you.")
        #expect(speeches.texts.allSatisfy { (40...300).contains($0.count) })
    }

    @Test func hamletTextIsActsOneAndTwo() {
        let text = CourseData.hamletText()
        #expect(text.utf8.count == 52_414)
        #expect(text.hasPrefix("Who's there?\nNay, answer me: stand, and unfold yourself."))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 1_336)
    }

    @Test func sunspotsCoverEveryYearFrom1700To2008() {
        let (years, activity) = CourseData.sunspots()
        #expect(years == Array(1700...2008))
        #expect(Array(activity.prefix(3)) == [5, 11, 16])
        #expect(activity.last == 2.9)
        #expect(activity.max() == 190.2)
        #expect(abs(activity.reduce(0, +) - 15_373.4) < 0.05)
    }
}
