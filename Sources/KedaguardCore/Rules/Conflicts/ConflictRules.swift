/// Two owners of one workload, or no workload at all: found through the lookup (files linted
/// together, or the cluster).
public enum ConflictRules {
    public static let all: [any Rule] = [
        WorkloadOwnerConflictRule(), ForeignHPAConflictRule(), HPANameConflictRule(), ScaleTargetExistsRule(),
    ]
}
