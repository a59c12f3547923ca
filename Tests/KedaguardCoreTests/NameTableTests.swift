import KedaguardCore
import Testing

/// `NameTable` answers exactly as a dictionary built from the same pairs would.
struct NameTableTests {
    @Test func agreesWithADictionaryOnEveryCatalogName() {
        var checked = 0
        for version in KEDAVersion.allCases {
            let catalog = ScalerCatalog.forVersion(version)
            for (type, scaler) in catalog.scalers {
                #expect(catalog.scaler(type) === scaler)
                for parameter in scaler.parameters {
                    for name in parameter.names {
                        // The first parameter declaring a name is the one found.
                        let first = scaler.parameters.first { $0.names.contains(name) }
                        #expect(scaler.parameter(named: name) === first, "\(type).\(name)")
                        #expect(scaler.parameterIndexesDeclaring[name] == scaler.parameters.indices.filter { scaler.parameters[$0].names.contains(name) })
                        let declared = scaler.parameters.filter { $0.names.contains(name) }.flatMap(\.sources)
                            + scaler.untaggedKeys.filter { $0.name == name }.flatMap(\.sources)
                        #expect(scaler.sources(ofName: name) == ParameterSources(declared), "\(type).\(name)")
                        checked += 1
                    }
                }
                for missing in ["", "x", "Topic", "topicc", "bootstrapServersFromEnvX", String(repeating: "a", count: 300)] where scaler.parameter(named: missing) == nil {
                    #expect(scaler.parameterIndexesDeclaring[missing] == nil)
                    #expect(scaler.acceptedMetadataKeys.contains(missing) == false)
                }
            }
            #expect(catalog.scaler("no-such-scaler") == nil)
        }
        #expect(checked > 1_000)
    }

    @Test func collisionsProbeToTheRightName() {
        // 200 names in a table of 512 slots: many share a slot and probe past each other.
        let pairs = (0..<200).map { ("name-\($0)", $0) }
        let table = NameTable(pairs + [("name-7", -1)])
        #expect(table.count == 200)
        #expect(table.names == pairs.map(\.0))
        for (name, value) in pairs { #expect(table[name] == value) }
        #expect(table["name-7"] == 7, "the first pair with a name wins")
        for miss in ["name-200", "name-", "Name-1", "name-1 ", "é"] { #expect(table[miss] == nil) }
        #expect(NameTable<Int>([])["anything"] == nil)
        let set = NameTable(names: ["a", "b", "a"])
        #expect(set.contains("a") && set.contains("b") && !set.contains("c") && set.count == 2)
    }
}
