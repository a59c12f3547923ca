import ArgumentParser
import Foundation
import KedaguardCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule, or explain one.",
        discussion: "Rule ids go into .kedaguard.yaml (rules:) and the kedaguard.io/ignore annotation."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown
    }

    @Argument(help: "A rule id to explain.")
    var ruleID: String?

    @Option(name: .long, help: "text or markdown (the source of docs/rules.md).")
    var format: Format = .text

    func run() throws {
        let descriptors = RuleRegistry.descriptors
        if let ruleID {
            guard let d = RuleRegistry.descriptor(id: ruleID) else {
                let hint = Suggest.closest(to: ruleID, in: descriptors.map(\.id)).map { "; did you mean \"\($0)\"?" } ?? ""
                printError("kedaguard: unknown rule \"\(ruleID)\"\(hint)")
                throw ExitCode(2)
            }
            print(RuleDocs.explanation(d))
            return
        }
        switch format {
        case .text: print(RuleDocs.table(descriptors), terminator: "")
        case .markdown: print(RuleDocs.markdown(descriptors), terminator: "")
        }
    }
}
