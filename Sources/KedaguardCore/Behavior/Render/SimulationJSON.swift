/// `kedaguard simulate --format json`:
/// `{"syncPeriod": 15, "samples": [{"t": 0, "recommended": 20, "replicas": 10}, ...],
///   "events": [{"t": 15, "from": 10, "to": 11, "reason": "..."}]}` on one line, spaced like
/// Python's json.dumps so scripts and notebooks can diff it directly. With a comparison run, a
/// `"compare"` member holds that run's `samples` and `events` in the same shape.
public enum SimulationJSON {
    public static func render(_ report: SimulationReport, compare: SimulationReport? = nil) -> String {
        var out = "{\"syncPeriod\": \(report.result.syncPeriod), "
        appendRun(report.result, into: &out)
        if let compare {
            out += ", \"compare\": {"
            appendRun(compare.result, into: &out)
            out += "}"
        }
        out += "}\n"
        return out
    }

    private static func appendRun(_ result: SimulationResult, into out: inout String) {
        out += "\"samples\": ["
        for (i, s) in result.samples.enumerated() {
            if i > 0 { out += ", " }
            out += "{\"t\": \(s.t), \"recommended\": \(s.recommended), \"replicas\": \(s.replicas)}"
        }
        out += "], \"events\": ["
        for (i, e) in result.events.enumerated() {
            if i > 0 { out += ", " }
            out += "{\"t\": \(e.t), \"from\": \(e.from), \"to\": \(e.to), \"reason\": \(JSONWriter.quoted(e.reason))}"
        }
        out += "]"
    }
}
