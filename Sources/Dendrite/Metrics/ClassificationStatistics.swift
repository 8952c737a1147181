import DendriteCore

/// Statistics over whole score lists.
public enum ClassificationStatistics {
    /// Area under the ROC curve (the probability that a random positive outscores a random
    /// negative, ties counting half), exactly, by ranking.
    public static func areaUnderROC(scores: [Float], positives: [Bool]) -> Float {
        let positiveCount = positives.filter { $0 }.count, negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return 0 }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end where positives[order[position]] { rankSum += averageRank }
            start = end + 1
        }
        let positiveRanks = rankSum - Double(positiveCount) * Double(positiveCount + 1) / 2
        return Float(positiveRanks / (Double(positiveCount) * Double(negativeCount)))
    }
}
