/// Every subcommand, in the order `apiary --help` lists them.
/// Adding a command is one file in `Commands/` and one line here.
enum CommandTable {
    static let all: [any Command.Type] = [
        CheckCommand.self,
        RouteCommand.self,
        EvalCommand.self,
        RunCommand.self,
        BatchCommand.self,
        JobsCommand.self,
        AuditCommand.self,
        CalibrateCommand.self,
        ModelsCommand.self,
        GenerateCommand.self,
        TokenizeCommand.self,
        BenchCommand.self,
        QueueCommand.self,
        ReviewCommand.self,
        DashboardCommand.self,
        ReportCommand.self,
    ]

    static func command(named name: String) -> (any Command.Type)? {
        all.first { $0.name == name }
    }
}
