/// cron: `cronMetadata.Validate()` plus the time zone KEDA loads on every poll.
public struct CronScalerRule: ScalerRule {
    public static let id = "scaler-cron"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["cron"]
    public var summary: String { "A cron trigger whose schedule, time zone or replica count KEDA cannot use." }
    public var explanation: String {
        """
        KEDA parses start and end with a five-field cron parser (minute hour day-of-month month \
        day-of-week; no seconds, no @daily-style descriptors, names like MON or JAN allowed) and \
        rejects the trigger when either does not parse, when both are the same, or when \
        desiredReplicas is 0. The timezone is loaded on every poll: a name that is not in the IANA \
        time zone database (e.g. "IST" or "Europe/Paris " with a typo) makes every poll fail. A \
        negative desiredReplicas is accepted but produces a negative metric, so the window never \
        scales anything. Time zone names come from the tz database compiled into kedaguard.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        func schedule(_ name: String) -> String? {
            guard let v = input.value(name) else { return nil }
            guard let p = CronSchedule.problem(v.text) else { return v.text }
            findings.append(input.at(v.located, "\(name) schedule \"\(v.text)\" \(p)"))
            return nil
        }
        let start = schedule("start"), end = schedule("end")
        if let start, let end, start == end, let v = input.value("end") {
            findings.append(input.at(v.located, "start and end are the same schedule; the window would never open. Give end a different time"))
        }
        if let v = input.value("desiredReplicas"), let n = Int64(v.text), KEDAValueSyntax.jsonInteger(v.text, bits: 64, signed: true) == nil {
            if n == 0 {
                findings.append(input.at(v.located, "desiredReplicas must not be 0; KEDA rejects the trigger. Set the replica count wanted inside the window"))
            } else if n < 0 {
                findings.append(input.at(v.located, "desiredReplicas \(n) is negative; KEDA accepts it but the window then never scales anything", severity: .warning))
            }
        }
        if let v = input.value("timezone"), !TimeZoneNames.isKnown(v.text) {
            var message = "timezone \"\(v.text)\" is not an IANA time zone name; every poll fails with \"unable to load timezone\""
            if let s = TimeZoneNames.suggestion(for: v.text) { message += "; did you mean \"\(s)\"?" } else { message += "; use a name such as Europe/Berlin or Etc/UTC" }
            findings.append(input.at(v.located, message))
        }
        return findings
    }
}
