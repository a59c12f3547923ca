import KedaguardCore
import Testing

/// The compiled-in catalogs against the counts and facts KEDA's catalog data states.
struct ScalerCatalogTests {
    @Test(arguments: [
        (KEDAVersion.v2_17_0, 70, 844, 22), (.v2_18_0, 75, 892, 8), (.v2_19_0, 75, 945, 4),
        (.v2_20_2, 77, 982, 1), (.main, 79, 1012, 1),
    ])
    func countsMatchTheSourceData(_ version: KEDAVersion, scalers: Int, parameters: Int, untyped: Int) {
        let catalog = ScalerCatalog.forVersion(version)
        #expect(catalog.types.count == scalers)
        #expect(catalog.scalers.values.reduce(0) { $0 + $1.parameters.count } == parameters)
        #expect(catalog.scalers.values.filter(\.untyped).count == untyped)
        #expect(!catalog.durationSemantics.isEmpty)
    }

    @Test func typedDurationsDependOnTheVersion() throws {
        // v2.17.0 had no duration handling in typed config; v2.18.0 added Go durations.
        #expect(ScalerCatalog.forVersion(.v2_17_0).scalers.values.allSatisfy { s in
            s.parameters.allSatisfy { $0.valueType != .duration }
        })
        let durations = ScalerCatalog.forVersion(.main).scalers.values.flatMap(\.parameters).filter { $0.goType == "time.Duration" }
        #expect(!durations.isEmpty)
        #expect(durations.allSatisfy { $0.valueType == .duration })
    }

    @Test func integerWidthsAndListsAreKept() throws {
        let main = ScalerCatalog.forVersion(.main)
        let uint32 = main.scalers.values.flatMap(\.parameters).filter { $0.goType == "uint32" }
        #expect(!uint32.isEmpty && uint32.allSatisfy { $0.valueType == .sizedInteger(bits: 32, signed: false) })
        let kafka = try #require(main.scaler("apache-kafka")?.parameter(named: "partitionLimitation"))
        #expect(kafka.valueType == .list(element: .integer, separator: ",", range: "-"))
    }

    @Test func specialKeysAreKnown() throws {
        let main = ScalerCatalog.forVersion(.main)
        #expect(main.scaler("external")?.acceptsArbitraryKeys == true)
        #expect(main.scaler("sumologic")?.untaggedKeyPrefixes == ["query."])
        let cassandra = try #require(main.scaler("cassandra")?.parameter(named: "password"))
        #expect(cassandra.sources == [.authentication] && cassandra.required == true)
        #expect(ScalerCatalog.forVersion(.v2_17_0).scaler("kafka")?.untyped == true)
        #expect(ScalerCatalog.forVersion(.v2_17_0).scaler("kafka")?.parameters.allSatisfy { $0.required == nil && $0.valueType == .unknown } == true)
    }

    /// KEDA runs a default through the same enum, exclusiveSet and conversion as a user value; a
    /// default that failed would make the parameter required in practice. None does today.
    @Test(arguments: KEDAVersion.allCases)
    func everyDefaultPassesItsOwnChecks(_ version: KEDAVersion) {
        for scaler in ScalerCatalog.forVersion(version).scalers.values {
            for p in scaler.parameters {
                guard let d = p.defaultValue, let value = KEDAValueSyntax.effectiveValue(d) else { continue }
                #expect(KEDAValueSyntax.disallowedElements(value, allowed: p.allowedValues, separator: p.separator).isEmpty,
                        "\(version) \(scaler.type).\(p.name) default \(d)")
                #expect(KEDAValueSyntax.exclusiveMembers(value, exclusiveSet: p.exclusiveSet, separator: p.separator).count < 2)
                #expect(KEDAValueSyntax.problem(value, type: p.valueType) == nil, "\(version) \(scaler.type).\(p.name) default \(d)")
            }
        }
    }
}
