import XCTest
@testable import Store

final class FileSystemKindTests: XCTestCase {
    func testNetworkFilesystemMagicNumbersAreRecognised() {
        XCTAssertEqual(FileSystemKind.classify(magic: 0x6969), .network("NFS"))
        XCTAssertEqual(FileSystemKind.classify(magic: 0x517B), .network("SMB"))
        XCTAssertEqual(FileSystemKind.classify(magic: 0xFF53_4D42), .network("CIFS"))
        XCTAssertEqual(FileSystemKind.classify(magic: 0xFE53_4D42), .network("SMB2"))
    }

    func testLocalFilesystemsAreLocal() {
        XCTAssertEqual(FileSystemKind.classify(magic: 0xEF53), .local)       // ext4
        XCTAssertEqual(FileSystemKind.classify(magic: 0x0102_1994), .local)  // tmpfs
        XCTAssertEqual(FileSystemKind.of(path: "/tmp"), .local)
        XCTAssertNil(FileSystemKind.warning(forDatabaseAt: "/tmp/apiary.db"))
    }
}
