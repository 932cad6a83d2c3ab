import Dashboard
import Swarm

/// Options `dashboard` and `report` share: the store, and where the `[costs]` table comes from.
struct DashboardSettings {
    var database: String
    var costs: CostSettings
    /// The auditor's pass mark, for its agreement with the reviewers.
    var auditThreshold: Double

    static let help = """
      --db DB          the store (default apiary.db); opened read-only
      --policy FILE    read the [costs] table (and the audit threshold) from
                       this policy file
      --swarm FILE     … or from the swarm file's own [costs] and the policy
                       it names (the swarm file's keys win)
    """

    static func parse(_ arguments: inout ArgumentList) throws -> DashboardSettings {
        let database = try arguments.option("--db") ?? "apiary.db"
        let policyPath = try arguments.option("--policy")
        let swarmPath = try arguments.option("--swarm")
        if policyPath != nil && swarmPath != nil { throw CLIError.usage("give --policy or --swarm, not both") }
        var policy = PolicySpec()
        var rules = PolicySpec.CostRules()
        if let policyPath {
            policy = try PolicySpec.load(contentsOf: policyPath)
            rules = policy.costs
        } else if let swarmPath {
            let swarm = try SwarmSpecLoader.load(path: swarmPath)
            if let path = swarm.policyPath { policy = try PolicySpec.load(contentsOf: path) }
            rules = swarm.costs.overriding(policy.costs)
        }
        let defaults = CostSettings()
        let costs = CostSettings(
            inputPricePerMillion: rules.inputPerMillion ?? defaults.inputPricePerMillion,
            outputPricePerMillion: rules.outputPerMillion ?? defaults.outputPricePerMillion,
            watts: rules.watts ?? defaults.watts, hardwareCost: rules.hardware ?? defaults.hardwareCost,
            electricityPricePerKilowattHour: rules.electricityPerKWh ?? defaults.electricityPricePerKilowattHour,
            currency: rules.currency ?? defaults.currency)
        return DashboardSettings(database: database, costs: costs, auditThreshold: policy.audit.threshold ?? 0.5)
    }

    var site: DashboardSite {
        DashboardSite(databasePath: database, costs: costs, auditThreshold: auditThreshold)
    }
}
