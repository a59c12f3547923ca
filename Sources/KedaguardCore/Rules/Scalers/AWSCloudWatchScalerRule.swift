/// aws-cloudwatch: `awsCloudwatchMetadata.Validate()` and the AWS credentials.
public struct AWSCloudWatchScalerRule: ScalerRule {
    public static let id = "scaler-aws-cloudwatch"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["aws-cloudwatch"]
    public var summary: String { "An aws-cloudwatch trigger whose metric query, period or credentials KEDA rejects." }
    public var explanation: String {
        """
        Without expression, namespace, metricName, dimensionName and dimensionValue are required, \
        dimensionName and dimensionValue (separated by ';') must have the same number of entries, \
        and metricUnit must be a CloudWatch unit (Seconds, Bytes, Count, Percent, Count/Second, ...). \
        metricStatPeriod must be 1, 5, 10, 30, 60 or a multiple of 60, and metricCollectionTime a \
        non-negative multiple of metricStatPeriod (defaults 300 and 300). KEDA 2.17 also requires \
        metricStat to be SampleCount, Average, Sum, Minimum or Maximum. Credentials are resolved \
        while parsing, as for aws-sqs-queue.
        """
    }

    static let units: Set<String> = [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ]
    static let statistics = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"]

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if input.seen("expression").isSet == .no {
            for name in ["namespace", "metricName", "dimensionName", "dimensionValue"] where input.seen(name).isSet == .no {
                findings.append(input.missing(name, "\(name) is required when no expression is given"))
            }
            if let names = input.value("dimensionName"), let values = input.value("dimensionValue") {
                let n = names.text.components(separatedBy: ";").count, m = values.text.components(separatedBy: ";").count
                if n != m {
                    findings.append(input.at(values.located, "dimensionValue has \(m) entr\(m == 1 ? "y" : "ies") but dimensionName has \(n); separate both lists with ';' and give one value per name"))
                }
            }
            if let unit = input.value("metricUnit"), !Self.units.contains(unit.text) {
                let hint = Suggest.closest(to: unit.text, in: Array(Self.units)).map { "; did you mean \"\($0)\"?" } ?? ""
                findings.append(input.at(unit.located, "metricUnit \"\(unit.text)\" is not a CloudWatch unit\(hint)"))
            }
        }
        if !input.atLeast(.v2_18_0), let stat = input.value("metricStat"), !Self.statistics.contains(stat.text) {
            findings.append(input.at(stat.located, "metricStat \"\(stat.text)\" must be one of \(Self.statistics.joined(separator: ", ")) in KEDA \(input.version)"))
        }
        if let period = input.integer("metricStatPeriod") {
            var periodOK = true
            if period < 1 || (period <= 60 && ![1, 5, 10, 30, 60].contains(period)) || (period > 60 && period % 60 != 0) {
                periodOK = false
                findings.append(input.about("metricStatPeriod", "metricStatPeriod \(period) must be 1, 5, 10, 30, 60 or a multiple of 60"))
            }
            if periodOK, let collection = input.integer("metricCollectionTime"), collection < 0 || collection % period != 0 {
                findings.append(input.about("metricCollectionTime", "metricCollectionTime \(collection) must be a non-negative multiple of metricStatPeriod (\(period))"))
            }
        }
        findings += AWSCredentials.check(input)
        return findings
    }
}
