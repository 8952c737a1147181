import Dendrite

/// The real text and series the course's last chapter trains on, shipped with the library (generated
/// by `Scripts/datasets/make_course_corpora.py`; sources and licences in docs/datasets.md).
///
/// | call | what | used by |
/// |---|---|---|
/// | ``playSpeeches()`` | 960 speeches, 480 from *Hamlet* and 480 from *Twelfth Night*, 40–300 characters each | `dendrite demo text-classifier` |
/// | ``hamletText()`` | the spoken lines of *Hamlet*, Acts I–II (52 KB), one verse line per line | `dendrite demo writer` |
/// | ``sunspots()`` | yearly sunspot activity, 1700–2008 (309 years) | `dendrite demo sunspots` |
public enum CourseData {
    /// Speeches labelled by play, in the plays' order: `labels[i]` is 0 for *Hamlet*, 1 for
    /// *Twelfth Night* (`classNames`).
    public static func playSpeeches() -> (texts: [String], labels: [Int], classNames: [String]) {
        let classNames = ["hamlet", "twelfth-night"]
        var texts: [String] = [], labels: [Int] = []
        for line in playSpeechesTSV.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, let label = classNames.firstIndex(of: String(fields[0])) else { continue }
            texts.append(String(fields[1]))
            labels.append(label)
        }
        return (texts, labels, classNames)
    }

    /// The spoken lines of *Hamlet*, Acts I and II, joined by newlines.
    public static func hamletText() -> String { hamletActsOneAndTwo }

    /// Yearly mean sunspot numbers (NOAA's series as statsmodels ships it), with their years.
    public static func sunspots() -> (years: [Int], activity: [Float]) {
        var years: [Int] = [], activity: [Float] = []
        for line in sunspotsCSV.split(separator: "\n") {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let year = Int(fields[0]), let value = Float(fields[1]) else { continue }
            years.append(year)
            activity.append(value)
        }
        return (years, activity)
    }
}
