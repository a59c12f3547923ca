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

/// Ends every schema-* rule's explanation.
let schemaAdmissionNote = "The validating webhook does not run this rule: kube-apiserver checks the installed CRD's schema before it calls any validating webhook, so nothing it finds reaches one (lint and audit run it)."

/// Kinds that have a CRD schema compiled in.
let schemaKinds: Set<ResourceKind> = [.scaledObject, .scaledJob, .triggerAuthentication, .clusterTriggerAuthentication]
