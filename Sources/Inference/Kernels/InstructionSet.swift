import CKernels

/// The instruction sets the matrix kernels can use (see CKernels).
public enum InstructionSet: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Plain C, one (row, token) at a time on the weights as stored.
    case portable
    /// AVX2 + FMA + F16C on repacked weights, 8 rows per vector.
    case avx2
    /// AVX-512 with VNNI (`vpdpbusd`) on repacked weights, 16 rows per vector.
    case avx512vnni
    /// AVX-512 VNNI plus AMX tile dot products (`tdpbsud`) for prompts: 16
    /// tokens × 16 rows × 64 elements an instruction on Q2_K, Q4_K, Q5_K.
    case amx

    /// What the kernels use: `APIARY_ISA` when set to a supported set, else
    /// the best this CPU has.
    public static let active = InstructionSet(ck_active_isa())

    /// The sets this CPU can run, best last.
    public static var supported: [InstructionSet] { allCases.filter(\.isSupported) }

    public var isSupported: Bool { ck_isa_supported(cValue) != 0 }

    public var description: String { rawValue }

    /// Whether kernels of this set read a repacked copy of the weights.
    var usesPackedWeights: Bool { self != .portable }

    var cValue: ck_isa {
        switch self {
        case .portable: return CK_ISA_PORTABLE
        case .avx2: return CK_ISA_AVX2
        case .avx512vnni: return CK_ISA_AVX512VNNI
        case .amx: return CK_ISA_AMX
        }
    }

    init(_ isa: ck_isa) {
        switch isa {
        case CK_ISA_AVX2: self = .avx2
        case CK_ISA_AVX512VNNI: self = .avx512vnni
        case CK_ISA_AMX: self = .amx
        default: self = .portable
        }
    }
}
