import Foundation

/// The dashboard as one HTML document: styles inline, charts as inline SVG,
/// no external asset, so it works air-gapped and as a mailed file.
///
/// `live` adds a small script that fetches the page again every few seconds
/// and swaps in the new `<main>` (the report is the same page without it).
public struct DashboardPage {
    public var figures: DashboardFigures
    /// Seconds between refreshes; nil for a static report.
    public var refreshSeconds: Int?

    public init(figures: DashboardFigures, refreshSeconds: Int? = nil) {
        self.figures = figures
        self.refreshSeconds = refreshSeconds
    }

    public var html: String {
        var out = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Apiary — dashboard</title>
            <style>\(Self.style)</style></head><body>
            <header><h1>Apiary</h1><p>\(escapeHTML(figures.store.path)) · SQLite \(escapeHTML(figures.store.sqliteVersion)), journal \(escapeHTML(figures.store.journalMode))
            · figures of <time data-figure="generated_at">\(escapeHTML(figures.generatedAt))</time>
            <span id="live">\(refreshSeconds.map { "· refreshes every \($0) s" } ?? "· static report")</span></p></header>
            <main id="figures">
            """
        out += jobsSection + domainsSection + reviewSection + costSection
        out += "</main>"
        if let refreshSeconds { out += "<script>\(Self.refreshScript(seconds: refreshSeconds))</script>" }
        return out + "</body></html>\n"
    }

    // MARK: Sections

    private var jobsSection: String {
        let jobs = figures.jobs
        let progress = jobs.map { job in
            (label: job.id, value: job.total == 0 ? 1 : Double(job.done) / Double(job.total), text: "\(job.done)/\(job.total)")
        }
        let table = Table(caption: "Batch jobs, newest first", header: [
            "job", "status", "done", "total", "rejected", "failed", "verdicts", "tickets/s", "tokens/s", "ETA", "energy", "per ticket", "models",
        ], rows: jobs.map { job in
            let key = "job.\(job.id)"
            return [
                .init(job.id), .init(job.status, figure: "\(key).status"), .init(Number.count(job.done), figure: "\(key).done"),
                .init(Number.count(job.total), figure: "\(key).total"), .init(Number.count(job.rejected), figure: "\(key).rejected"),
                .init(Number.count(job.failed), figure: "\(key).failed"),
                .init(job.verdicts.map { "\($0.name) \($0.count)" }.joined(separator: ", ")),
                .init(Number.decimal(job.ticketsPerSecond), figure: "\(key).tickets_per_second", value: job.ticketsPerSecond.map { "\($0)" }),
                .init(Number.decimal(job.tokensPerSecond, 1), figure: "\(key).tokens_per_second", value: job.tokensPerSecond.map { "\($0)" }),
                .init(job.status == "running" ? Number.duration(job.etaSeconds) : "–"),
                .init(Number.energy(job.energyJoules) + (job.energyIsEstimate ? " (estimate)" : ""), figure: "\(key).energy_joules", value: "\(job.energyJoules)"),
                .init(job.joulesPerTicket.map(Number.energy) ?? "–", figure: "\(key).joules_per_ticket", value: job.joulesPerTicket.map { "\($0)" }),
                .init(job.models.map { "\($0.role): \($0.model)" }.joined(separator: ", ")),
            ]
        })
        let verdictNames = Array(Set(jobs.flatMap { $0.verdicts.map(\.name) })).sorted()
        let mix = SVGChart.stackedColumns(title: "Verdicts per job", columns: jobs.reversed().map { job in
            (label: job.id, values: Self.values(job.verdicts))
        }, series: verdictNames)
        let unanswered = Table(caption: "Failed and rejected tickets, latest \(figures.unanswered.count) (newest first)",
                               header: ["ticket", "job", "verdict", "input line", "reason", "recorded"], rows: figures.unanswered.map { t in
            [.init(t.ticket), .init(t.job), .init(t.verdict), .init(Number.count(t.line)), .init(t.reason), .init(t.recordedAt)]
        })
        return section("jobs", "Jobs", [
            SVGChart.bars(title: "Progress of each job", progress, maximum: 1),
            mix,
        ], table.html + unanswered.html)
    }

    private var domainsSection: String {
        let domains = figures.domains
        let names = domains.map(\.domain)
        let volumeChart = SVGChart.stackedColumns(title: "Answered tickets per day, by domain", columns: figures.volume.map { day in
            (label: String(day.day.dropFirst(5)), values: Self.values(day.byDomain))
        }, series: names)
        let volumeTable = Table(caption: "Answered tickets per day (UTC)", header: ["day"] + names + ["total"], rows: figures.volume.map { day in
            let counts = Self.values(day.byDomain)
            return [.init(day.day)] + names.map { .init(Number.count(Int(counts[$0] ?? 0)), figure: "volume.\(day.day).\($0)") }
                + [.init(Number.count(day.total), figure: "volume.\(day.day).total")]
        })
        let flagged = SVGChart.bars(title: "Flagged rate by domain", domains.map { ($0.domain, $0.flaggedRate, Number.percent($0.flaggedRate)) },
                                    maximum: 1, colour: SVGChart.palette[1])
        let latency = SVGChart.bars(title: "Latency p95 by domain (seconds)", domains.map { ($0.domain, $0.latencyP95, Number.duration($0.latencyP95)) },
                                    colour: SVGChart.palette[2])
        let table = Table(caption: "Answered tickets by domain", header: [
            "domain", "tickets", "flagged", "flagged rate", "mean audit score", "latency p50", "latency p95", "tokens in", "tokens out",
        ], rows: domains.map { d in
            let key = "domain.\(d.domain)"
            return [
                .init(d.domain), .init(Number.count(d.tickets), figure: "\(key).tickets"), .init(Number.count(d.flagged), figure: "\(key).flagged"),
                .init(Number.percent(d.flaggedRate), figure: "\(key).flagged_rate", value: "\(d.flaggedRate)"),
                .init(Number.decimal(d.meanAuditScore), figure: "\(key).mean_audit_score", value: d.meanAuditScore.map { "\($0)" }),
                .init(Number.duration(d.latencyP50), figure: "\(key).latency_p50", value: "\(d.latencyP50)"),
                .init(Number.duration(d.latencyP95), figure: "\(key).latency_p95", value: "\(d.latencyP95)"),
                .init(Number.count(d.tokensIn), figure: "\(key).tokens_in"), .init(Number.count(d.tokensOut), figure: "\(key).tokens_out"),
            ]
        })
        return section("domains", "Domains", [volumeChart, flagged, latency], volumeTable.html + table.html)
    }

    private var reviewSection: String {
        let review = figures.review
        let statusTable = Table(caption: "Review queue by status", header: ["status", "items"], rows:
            review.byStatus.map { [.init($0.name), .init(Number.count($0.count), figure: "review.by_status.\($0.name)")] }
            + [[.init("total"), .init(Number.count(review.total), figure: "review.total")]])
        let backlogTable = Table(caption: "Waiting items (pending or claimed) by age", header: ["age", "items"],
                                 rows: review.backlog.map { [.init($0.label), .init(Number.count($0.count), figure: "review.backlog.\($0.label)")] })
        let reviewerTable = Table(caption: "Decisions per reviewer", header: [
            "reviewer", "approved", "edited", "rejected", "decided", "approval rate", "median handling",
        ], rows: review.reviewers.map { r in
            let key = "review.reviewer.\(r.name)"
            return [
                .init(r.name), .init(Number.count(r.approved), figure: "\(key).approved"), .init(Number.count(r.edited), figure: "\(key).edited"),
                .init(Number.count(r.rejected), figure: "\(key).rejected"), .init(Number.count(r.decided), figure: "\(key).decided"),
                .init(Number.percent(r.approvalRate)),
                .init(Number.duration(r.medianSecondsHandling), figure: "\(key).median_seconds_handling", value: r.medianSecondsHandling.map { "\($0)" }),
            ]
        })
        let a = review.agreement
        let agreementTable = Table(caption: "Auditor and reviewers (auditor passes at score ≥ \(Number.decimal(a.threshold)))",
                                   header: ["measure", "value"], rows: [
            [.init("median time to decision"), .init(Number.duration(review.medianSecondsToDecision), figure: "review.median_seconds_to_decision",
                                                     value: review.medianSecondsToDecision.map { "\($0)" })],
            [.init("decided items with an audit score"), .init(Number.count(a.decided), figure: "review.agreement.decided")],
            [.init("auditor agreed with the reviewer"), .init(Number.count(a.agreed), figure: "review.agreement.agreed")],
            [.init("agreement"), .init(Number.percent(a.rate), figure: "review.agreement.rate", value: a.rate.map { "\($0)" })],
            [.init("auditor passed, reviewer rejected"), .init(Number.count(a.auditorPassedReviewerRejected))],
            [.init("auditor failed, reviewer accepted"), .init(Number.count(a.auditorFailedReviewerAccepted))],
        ])
        return section("review", "Review", [
            SVGChart.bars(title: "Waiting items by age", review.backlog.map { ($0.label, Double($0.count), Number.count($0.count)) }, colour: SVGChart.palette[3]),
            SVGChart.stackedColumns(title: "Decisions per reviewer", columns: review.reviewers.map { r in
                (label: r.name, values: ["approved": Double(r.approved), "edited": Double(r.edited), "rejected": Double(r.rejected)])
            }, series: ["approved", "edited", "rejected"]),
        ], statusTable.html + backlogTable.html + reviewerTable.html + agreementTable.html)
    }

    private var costSection: String {
        let c = figures.cost
        let s = figures.settings
        let currency = s.currency
        let table = Table(caption: "Cost and energy (prices from the [costs] table; energy \(c.energySource))", header: ["measure", "value"], rows: [
            [.init("tickets answered"), .init(Number.count(c.tickets), figure: "cost.tickets")],
            [.init("tokens in"), .init(Number.count(c.tokensIn), figure: "cost.tokens_in")],
            [.init("tokens out"), .init(Number.count(c.tokensOut), figure: "cost.tokens_out")],
            [.init("energy" + (c.energyIsEstimate ? " (estimate)" : "")), .init(Number.energy(c.energyJoules), figure: "cost.energy_joules", value: "\(c.energyJoules)")],
            [.init("energy per ticket"), .init(c.joulesPerTicket.map(Number.energy) ?? "–", figure: "cost.joules_per_ticket", value: c.joulesPerTicket.map { "\($0)" })],
            [.init("energy cost"), .init(Number.money(c.energyCost, currency), figure: "cost.energy_cost", value: "\(c.energyCost)")],
            [.init("the same tokens on a cloud API"), .init(Number.money(c.cloudCost, currency), figure: "cost.cloud_cost", value: "\(c.cloudCost)")],
            [.init("observed period"), .init(Number.decimal(c.observedDays, 1) + " days", figure: "cost.observed_days", value: "\(c.observedDays)")],
            [.init("tokens per day"), .init(Number.tokens(c.tokensPerDay), figure: "cost.tokens_per_day", value: "\(c.tokensPerDay)")],
            [.init("cloud cost per month"), .init(Number.money(c.cloudCostPerMonth, currency))],
            [.init("energy cost per month"), .init(Number.money(c.energyCostPerMonth, currency))],
            [.init("savings per month"), .init(Number.money(c.savingsPerMonth, currency), figure: "cost.savings_per_month", value: "\(c.savingsPerMonth)")],
            [.init("hardware cost"), .init(Number.money(s.hardwareCost, currency))],
            [.init("payback time at this volume"), .init(c.paybackMonths.map(Number.months) ?? "never at this volume",
                                                         figure: "cost.payback_months", value: c.paybackMonths.map { "\($0)" })],
            [.init("volume for a one-year payback"), .init(c.tokensPerDayForOneYearPayback.map { Number.tokens($0) + " tokens/day" } ?? "–")],
        ])
        let settings = Table(caption: "Settings used", header: ["setting", "value"], rows: [
            [.init("input tokens, per million"), .init(Number.money(s.inputPricePerMillion, currency))],
            [.init("output tokens, per million"), .init(Number.money(s.outputPricePerMillion, currency))],
            [.init("power while working"), .init(Number.decimal(s.watts, 0) + " W")],
            [.init("electricity, per kWh"), .init(Number.money(s.electricityPricePerKilowattHour, currency))],
        ])
        let monthly = SVGChart.bars(title: "Per month at the observed volume (\(currency))", [
            ("cloud API", c.cloudCostPerMonth, Number.money(c.cloudCostPerMonth, currency)),
            ("local energy", c.energyCostPerMonth, Number.money(c.energyCostPerMonth, currency)),
        ], colour: SVGChart.palette[4])
        let tokens = SVGChart.bars(title: "Tokens in and out", [
            ("tokens in", Double(c.tokensIn), Number.count(c.tokensIn)), ("tokens out", Double(c.tokensOut), Number.count(c.tokensOut)),
        ], colour: SVGChart.palette[5])
        return section("cost", "Cost and energy", [tokens, monthly], table.html + settings.html)
    }

    private static func values(_ counts: [NamedCount]) -> [String: Double] {
        Dictionary(counts.map { ($0.name, Double($0.count)) }, uniquingKeysWith: +)
    }

    private func section(_ id: String, _ title: String, _ charts: [String], _ tables: String) -> String {
        "<section id=\"\(id)\"><h2>\(escapeHTML(title))</h2><div class=\"charts\">"
            + charts.map { "<figure>\($0)</figure>" }.joined() + "</div>" + tables + "</section>\n"
    }

    // MARK: Style and script

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
        header{background:#2d3a4a;color:#fff;padding:8px 16px}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;font-size:12px;opacity:.85}
        main{padding:8px 16px}section{background:#fff;border:1px solid #ddd;border-radius:4px;margin:12px 0;padding:8px 12px}
        h2{font-size:16px;margin:4px 0 8px}.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}
        svg text{font:11px system-ui,sans-serif;fill:#333}
        table{border-collapse:collapse;margin:8px 16px 8px 0;display:inline-table;vertical-align:top}
        caption{text-align:left;font-weight:600;padding:2px 0}th,td{border-bottom:1px solid #eee;padding:2px 8px;text-align:right}
        th[scope=row],thead th{text-align:left}.empty{color:#888;font-style:italic}
        """

    /// Fetches the page again and swaps in its `<main>`; on failure says so and keeps the last figures.
    static func refreshScript(seconds: Int) -> String {
        """
        (function(){var live=document.getElementById('live');
        function refresh(){fetch(location.href,{cache:'no-store',credentials:'same-origin'}).then(function(r){
        if(!r.ok)throw new Error('HTTP '+r.status);return r.text();}).then(function(text){
        var next=new DOMParser().parseFromString(text,'text/html').getElementById('figures');
        if(next)document.getElementById('figures').replaceWith(next);
        live.textContent='· live, updated '+new Date().toLocaleTimeString();
        }).catch(function(e){live.textContent='· update failed ('+e.message+'), retrying';
        }).finally(function(){setTimeout(refresh,\(seconds * 1000));});}
        setTimeout(refresh,\(seconds * 1000));})();
        """
    }
}
