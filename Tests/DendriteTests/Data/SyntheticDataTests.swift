import Foundation
import Testing
@testable import Dendrite

@Suite struct SyntheticDataTests {
    @Test func moonsLieOnTheirHalfCirclesWithoutNoise() throws {
        let data = try Datasets.moons(samples: 101, noise: 0, seed: 1)
        #expect(data.features.shape == [101, 2] && data.labels.scalars.filter { $0 == 1 }.count == 51)
        for row in 0..<data.count {
            let (x, y) = (data.features[row, 0], data.features[row, 1])
            // Upper moon: unit circle around (0, 0); lower: unit circle around (1, 0.5).
            let radius = data.labels[row] == 0 ? (x * x + y * y).squareRoot() : ((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5)).squareRoot()
            #expect(Swift.abs(radius - 1) < 1e-5)
            #expect(data.labels[row] == 0 ? y >= -1e-6 : y <= 0.5 + 1e-6)
        }
    }

    @Test func circlesHaveTheirRadii() throws {
        let data = try Datasets.circles(samples: 80, noise: 0, factor: 0.3, seed: 2)
        for row in 0..<data.count {
            let radius = (data.features[row, 0] * data.features[row, 0] + data.features[row, 1] * data.features[row, 1]).squareRoot()
            #expect(Swift.abs(radius - (data.labels[row] == 0 ? 1 : 0.3)) < 1e-5)
        }
    }

    @Test func spiralsAndBlobsHaveTheRightClasses() throws {
        let spirals = try Datasets.spirals(samplesPerClass: 50, classes: 4, seed: 3)
        #expect(spirals.features.shape == [200, 2] && Set(spirals.labels.scalars) == [0, 1, 2, 3])
        #expect(spirals.features.abs().max().scalar <= 1)
        let blobs = try Datasets.blobs(samples: 3000, centers: [[5, 0, 0], [0, -5, 0]], standardDeviation: 0.5, seed: 4)
        #expect(blobs.features.shape == [3000, 3])
        let first = blobs.features.gathering((0..<3000).filter { blobs.labels[$0] == 0 })
        let mean = first.mean(alongAxis: 0).scalars
        #expect(Swift.abs(mean[0] - 5) < 0.05 && Swift.abs(mean[1]) < 0.05)
        #expect(Swift.abs(first.variance(alongAxes: [0]).scalars[2].squareRoot() - 0.5) < 0.03)
    }

    @Test func regressionSetsFollowTheirFunctions() throws {
        let line = try Datasets.linear(samples: 50, slope: 3, intercept: -1, noise: 0, seed: 5)
        for row in 0..<50 { #expect(Swift.abs(line.labels[row] - (3 * line.features[row, 0] - 1)) < 1e-5) }
        let sine = try Datasets.sine(samples: 2000, noise: 0.2, seed: 6)
        let residuals = (0..<2000).map { sine.labels[$0] - Foundation.sin(sine.features[$0, 0]) }
        let deviation = (residuals.map { $0 * $0 }.reduce(0, +) / 2000).squareRoot()
        #expect(Swift.abs(deviation - 0.2) < 0.02)
    }

    @Test func sameSeedSameDataAndBadSettingsAreRefused() throws {
        #expect(try Datasets.moons(seed: 9).features == Datasets.moons(seed: 9).features)
        #expect(try Datasets.moons(seed: 9).features != Datasets.moons(seed: 10).features)
        #expect(throws: DendriteError.self) { try Datasets.moons(samples: 0) }
        #expect(throws: DendriteError.self) { try Datasets.circles(factor: 1.5) }
        #expect(throws: DendriteError.self) { try Datasets.blobs(centers: [[0, 0], [1]]) }
        #expect(throws: DendriteError.self) { try Datasets.sine(noise: -1) }
    }

    @Test func aSmallNetworkSeparatesTheMoons() throws {
        let data = try Datasets.moons(samples: 200, noise: 0.1, seed: 7)
        let model = Sequential(seed: 1) {
            Dense(16, activation: .relu, inputShape: [2])
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.02), loss: .binaryCrossentropy, metrics: [.accuracy])
        try model.fit(data.features, data.labels, epochs: 100, batchSize: 32, verbose: 0)
        #expect(try model.evaluate(data.features, data.labels)["accuracy"]! > 0.95)
    }
}
