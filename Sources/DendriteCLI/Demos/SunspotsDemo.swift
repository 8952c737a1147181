import Dendrite
import DendriteCourse
import Foundation

/// The course's forecast: next year's sunspot number from the 12 years before, with an LSTM on
/// windows from timeseriesDatasetFromArray. Trained on 1700–1949, tested on 1950–2008 against the
/// naive forecast "same as last year". LSTM(32) → Dense(1); Adam, 150 epochs.
/// Walk-through and Keras' numbers: docs/demos.md.
enum SunspotsDemo {
    static let window = 12
    static let firstTestYear = 1950

    static func run(seed: UInt64) throws {
        let (years, activity) = CourseData.sunspots()
        let count = activity.count
        // Standardized with the training years' mean and deviation only.
        let trainingYears = years.filter { $0 < firstTestYear }.count
        let mean = activity.prefix(trainingYears).reduce(0, +) / Float(trainingYears)
        let deviation = (activity.prefix(trainingYears).map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(trainingYears)).squareRoot()
        let series = Tensor(activity.map { ($0 - mean) / deviation })
        // Window i holds years i..<i+12 and its target is year i+12, so the last window ends a year before the end.
        let windows = try timeseriesDatasetFromArray(series[0..<(count - 1)], targets: series[window..<count],
                                                     sequenceLength: window, batchSize: nil)
        let (inputs, targets) = windows.arrays()
        guard let y = targets else { throw DendriteError(.invalidData, "sunspots: the windows have no targets") }
        let x = inputs.reshaped([inputs.shape[0], window, 1])
        let split = trainingYears - window   // the first window whose target is 1950
        print("\(count) years (\(years.first ?? 0)–\(years.last ?? 0)); \(split) training windows, \(x.shape[0] - split) test windows (\(firstTestYear)–\(years.last ?? 0))")

        let model = Sequential(seed: seed, name: "sunspots") {
            Input(shape: [window, 1], name: "years")
            LSTM(32)
            Dense(1)
        }
        model.compile(optimizer: Adam(learningRate: 3e-3), loss: .mse, metrics: [.mae])
        model.summary()
        fflush(nil)
        let started = Date()
        try model.fit(x[0..<split], y[0..<split], epochs: 150, batchSize: 16, verbose: 0)
        let seconds = Date().timeIntervalSince(started)

        let forecast = try model.predict(x[split..<x.shape[0]]).scalars.map { $0 * deviation + mean }
        let actual = Array(activity[trainingYears...])
        let lastYear = Array(activity[(trainingYears - 1)..<(count - 1)])
        func meanAbsoluteError(_ guess: [Float]) -> Float {
            zip(guess, actual).map { abs($0 - $1) }.reduce(0, +) / Float(actual.count)
        }
        print("year  actual  forecast")
        for index in stride(from: 0, to: actual.count, by: 6) {
            print(String(format: "%4d  %6.1f  %8.1f", years[trainingYears + index], actual[index], forecast[index]))
        }
        print(String(format: "Test MAE %.2f sunspots (naive \"same as last year\": %.2f) after %.2f s of training",
                     meanAbsoluteError(forecast), meanAbsoluteError(lastYear), seconds))
    }
}
