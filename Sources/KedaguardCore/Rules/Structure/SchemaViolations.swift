/// Runs the structural schema once per object; the schema-* rules each report their share.
enum SchemaViolationsKey: MemoKey {
    typealias Value = [SchemaViolation]
}

extension RuleContext {
    var schemaViolations: [SchemaViolation] {
        memo.value(SchemaViolationsKey.self) {
            guard !options.schemaAlreadyEnforced, let kind = object.resourceKind,
                  let schema = StructuralSchema.forKind(kind, version: options.kedaVersion) else { return [] }
            return SchemaValidator.validate(object.root, against: schema)
        }
    }

    func schemaFindings(_ kind: SchemaViolation.Kind) -> [Finding] {
        schemaViolations.filter { $0.kind == kind }.map {
            Finding(message: $0.message, pointer: $0.pointer, position: $0.position)
        }
    }
}

/// Kinds that have a CRD schema compiled in.
let schemaKinds: Set<ResourceKind> = [.scaledObject, .scaledJob, .triggerAuthentication, .clusterTriggerAuthentication]
