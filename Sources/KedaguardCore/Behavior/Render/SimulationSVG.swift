/// `kedaguard simulate --format svg`: a step chart of replicas over simulated time, drawn from
/// scratch (no plotting library): mm:ss time axis, the raw recommendation as a dashed line, the
/// HPA's minReplicas/maxReplicas, the syncs where a stabilization window held the recommendation
/// back shaded in the run's colour, and every scale event marked and labelled with what limited it.
/// A second run (`--compare`) is drawn on the same axes. Output is deterministic (golden-tested).
public enum SimulationSVG {
    static let width = 960.0
    static let height = 540.0
    static let plotLeft = 64.0
    static let plotRight = 936.0
    static let plotTop = 90.0
    static let plotBottom = 480.0
    static let seriesColors = ["#1f6feb", "#cf222e"]
    static let recommendationColor = "#bc4c00"
    static let boundColor = "#57606a"

    public static func render(_ report: SimulationReport, compare: SimulationReport? = nil, title: String? = nil) -> String {
        let runs = [report] + (compare.map { [$0] } ?? [])
        let duration = max(runs.map(\.result.duration).max() ?? 0, 1)
        let dataMax = runs.flatMap { run in
            run.result.samples.flatMap { [$0.replicas, $0.recommended] } + [run.setup.startReplicas, run.scaling.hpaMinReplicas]
        }.max() ?? 1
        let hpaMax = runs.map(\.scaling.hpaMaxReplicas).max() ?? 1
        // Keep maxReplicas on the chart unless it would squash the interesting part.
        let showMax = hpaMax <= max(dataMax * 2, 4)
        let (yTop, yStep) = niceAxis(max(showMax ? max(dataMax, hpaMax) : dataMax, 1))
        let xStep = timeStep(duration)

        func x(_ t: Int) -> Double { plotLeft + Double(t) / Double(duration) * (plotRight - plotLeft) }
        func y(_ v: Int) -> Double { plotBottom - Double(v) / Double(yTop) * (plotBottom - plotTop) }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">

        """
        let heading = title ?? (runs.count == 1 ? "Replicas over time: \(report.name)" : "Replicas over time: \(runs.map(\.name).joined(separator: " vs "))")
        svg += "<title>\(escape(heading))</title>\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        svg += "<text x=\"\(n(plotLeft))\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#24292f\">\(escape(heading))</text>\n"
        svg += "<text x=\"\(n(plotLeft))\" y=\"44\" fill=\"#57606a\">\(escape(scenario(report)))</text>\n"

        // Shaded syncs first, so lines stay on top.
        for (i, run) in runs.enumerated() {
            let color = seriesColors[i % seriesColors.count]
            for span in heldSpans(run.result) {
                let x0 = x(span.start), x1 = x(min(span.end, duration))
                guard x1 > x0 else { continue }
                svg += "<rect x=\"\(n(x0))\" y=\"\(n(plotTop))\" width=\"\(n(x1 - x0))\" height=\"\(n(plotBottom - plotTop))\" fill=\"\(color)\" fill-opacity=\"0.10\"/>\n"
            }
        }

        // Grid and axes.
        var v = 0
        while v <= yTop {
            let yy = y(v)
            svg += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(yy))\" x2=\"\(n(plotRight))\" y2=\"\(n(yy))\" stroke=\"#d0d7de\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(n(plotLeft - 8))\" y=\"\(n(yy + 4))\" text-anchor=\"end\" fill=\"#57606a\">\(v)</text>\n"
            v += yStep
        }
        var t = 0
        while t <= duration {
            let xx = x(t)
            svg += "<line x1=\"\(n(xx))\" y1=\"\(n(plotTop))\" x2=\"\(n(xx))\" y2=\"\(n(plotBottom))\" stroke=\"#eaeef2\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(n(xx))\" y=\"\(n(plotBottom + 18))\" text-anchor=\"middle\" fill=\"#57606a\">\(formatSimulatedTime(t))</text>\n"
            t += xStep
        }
        svg += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotBottom))\" x2=\"\(n(plotRight))\" y2=\"\(n(plotBottom))\" stroke=\"#24292f\" stroke-width=\"1\"/>\n"
        svg += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotTop))\" x2=\"\(n(plotLeft))\" y2=\"\(n(plotBottom))\" stroke=\"#24292f\" stroke-width=\"1\"/>\n"
        svg += "<text x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(plotBottom + 42))\" text-anchor=\"middle\" fill=\"#24292f\">time (mm:ss)</text>\n"
        svg += "<text x=\"18\" y=\"\(n((plotTop + plotBottom) / 2))\" text-anchor=\"middle\" fill=\"#24292f\" transform=\"rotate(-90 18 \(n((plotTop + plotBottom) / 2)))\">replicas</text>\n"

        // minReplicas / maxReplicas of the HPA.
        var bounds: [(Int, String)] = []
        for run in runs {
            let minText = "HPA minReplicas \(run.scaling.hpaMinReplicas)"
            let maxText = "maxReplicas \(run.scaling.hpaMaxReplicas)"
            if !bounds.contains(where: { $0.1 == minText }) { bounds.append((run.scaling.hpaMinReplicas, minText)) }
            if !bounds.contains(where: { $0.1 == maxText }) { bounds.append((run.scaling.hpaMaxReplicas, maxText)) }
        }
        for (value, text) in bounds {
            if value <= yTop {
                let yy = y(value)
                svg += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(yy))\" x2=\"\(n(plotRight))\" y2=\"\(n(yy))\" stroke=\"\(boundColor)\" stroke-width=\"1.5\" stroke-dasharray=\"2 4\"/>\n"
                svg += "<text x=\"\(n(plotRight - 4))\" y=\"\(n(yy - 5))\" text-anchor=\"end\" fill=\"\(boundColor)\">\(escape(text))</text>\n"
            } else {
                svg += "<text x=\"\(n(plotRight - 4))\" y=\"\(n(plotTop - 6))\" text-anchor=\"end\" fill=\"\(boundColor)\">\(escape(text)) (above the chart)</text>\n"
            }
        }

        // Recommendations: the first run's, and another run's only when it differs.
        for (i, run) in runs.enumerated() {
            let schedule = run.setup.recommendation
            let before = run.setup.startReplicas
            if i > 0 && schedule == runs[0].setup.recommendation && before == runs[0].setup.startReplicas { continue }
            var path = "M\(n(x(0))) \(n(y(schedule.value(at: 0, before: before))))"
            for p in schedule.points where p.time > 0 && p.time <= duration {
                path += " H\(n(x(p.time))) V\(n(y(p.replicas)))"
            }
            path += " H\(n(x(duration)))"
            let color = i == 0 ? recommendationColor : seriesColors[i % seriesColors.count]
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
        }

        // Replica step lines, markers and labels.
        for (i, run) in runs.enumerated() {
            let color = seriesColors[i % seriesColors.count]
            var path = "M\(n(x(0))) \(n(y(run.setup.startReplicas)))"
            for e in run.result.events where e.t <= duration {
                path += " H\(n(x(e.t))) V\(n(y(e.to)))"
            }
            path += " H\(n(x(run.result.samples.last?.t ?? duration)))"
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n"
            var lastLabelX = -1000.0
            var lastLabel = ""
            for e in run.result.events where e.t <= duration {
                let ex = x(e.t), ey = y(e.to)
                if e.isKEDA {
                    svg += "<rect x=\"\(n(ex - 3.5))\" y=\"\(n(ey - 3.5))\" width=\"7\" height=\"7\" fill=\"#ffffff\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
                } else {
                    svg += "<circle cx=\"\(n(ex))\" cy=\"\(n(ey))\" r=\"3.5\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n"
                }
                // Label changes of cause always; repeats only when there is room.
                let gap = e.label == lastLabel ? 70.0 : 34.0
                guard ex - lastLabelX >= gap else { continue }
                lastLabelX = ex
                lastLabel = e.label
                var above = (e.to >= e.from) == (i == 0)
                if !above && ey + 17 > plotBottom - 4 { above = true }
                if above && ey - 9 < plotTop + 10 { above = false }
                let ly = above ? ey - 9 : ey + 17
                svg += "<text x=\"\(n(ex + 2))\" y=\"\(n(ly))\" font-size=\"10\" fill=\"\(color)\">\(escape(e.label))</text>\n"
            }
        }

        // Legend.
        var lx = plotLeft
        let ly = 66.0
        func legendLine(_ color: String, dash: String?, width: Double, _ text: String) {
            let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            svg += "<line x1=\"\(n(lx))\" y1=\"\(n(ly))\" x2=\"\(n(lx + 22))\" y2=\"\(n(ly))\" stroke=\"\(color)\" stroke-width=\"\(n(width))\"\(dashAttr)/>\n"
            svg += "<text x=\"\(n(lx + 28))\" y=\"\(n(ly + 4))\" font-size=\"11\" fill=\"#24292f\">\(escape(text))</text>\n"
            lx += 28 + Double(text.count) * 6.1 + 16
        }
        for (i, run) in runs.enumerated() {
            legendLine(seriesColors[i % seriesColors.count], dash: nil, width: 2.5, runs.count == 1 ? "replicas" : run.name)
        }
        legendLine(recommendationColor, dash: "6 4", width: 1.5, "recommendation")
        legendLine(boundColor, dash: "2 4", width: 1.5, "min/max")
        // One swatch slice per run: the shading takes the colour of the run it belongs to.
        let slice = 22.0 / Double(runs.count)
        for i in runs.indices {
            svg += "<rect x=\"\(n(lx + slice * Double(i)))\" y=\"\(n(ly - 6))\" width=\"\(n(slice))\" height=\"12\" fill=\"\(seriesColors[i % seriesColors.count])\" fill-opacity=\"0.10\"/>\n"
        }
        svg += "<text x=\"\(n(lx + 28))\" y=\"\(n(ly + 4))\" font-size=\"11\" fill=\"#24292f\">window holding back</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// "start 10, recommendation 20, sync 15s": the scenario, under the title.
    static func scenario(_ report: SimulationReport) -> String {
        let points = report.setup.recommendation.points
        let recommendation: String
        if points.count == 1 && points[0].time == 0 {
            recommendation = "recommendation \(points[0].replicas)"
        } else {
            let shown = points.prefix(4).map { "\($0.replicas) from \(formatSimulatedTime($0.time))" }
            recommendation = "recommendation " + shown.joined(separator: ", ") + (points.count > 4 ? ", ... (\(points.count) changes)" : "")
        }
        return "start \(report.setup.startReplicas), \(recommendation), sync \(report.result.syncPeriod)s"
    }

    /// Syncs where the stabilized recommendation differed from the raw one, as time spans that
    /// start at the sync and last one sync period, merged when adjacent.
    static func heldSpans(_ result: SimulationResult) -> [(start: Int, end: Int)] {
        var spans: [(start: Int, end: Int)] = []
        for sample in result.samples where sample.heldByWindow {
            let start = sample.t, end = sample.t + result.syncPeriod
            if let last = spans.last, last.end == start {
                spans[spans.count - 1].end = end
            } else {
                spans.append((start, end))
            }
        }
        return spans
    }

    /// A round axis top and step (1, 2 or 5 × 10^k) giving at most 8 intervals.
    static func niceAxis(_ maximum: Int) -> (top: Int, step: Int) {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] {
                let step = factor * magnitude
                let top = (maximum + step - 1) / step * step
                if top / step <= 8 { return (max(top, step), step) }
            }
            magnitude *= 10
        }
    }

    /// Time tick spacing giving at most 10 intervals.
    static func timeStep(_ duration: Int) -> Int {
        for step in [15, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400]
        where duration / step <= 10 {
            return step
        }
        return max(duration / 10, 1)
    }

    /// A coordinate with at most one decimal, without trailing zeros.
    static func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
