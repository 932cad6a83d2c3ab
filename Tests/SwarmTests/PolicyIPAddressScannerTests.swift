import XCTest
@testable import Swarm

final class PolicyIPAddressScannerTests: XCTestCase {
    func testFindsIPv4AddressesInTextAndURLs() {
        XCTAssertEqual(found(.ip, in: "server 192.168.1.20 is down"), ["192.168.1.20"])
        XCTAssertEqual(found(.ip, in: "see http://10.0.0.1/x"), ["10.0.0.1"])
        XCTAssertEqual(found(.ip, in: "connect to 10.0.0.1:8080."), ["10.0.0.1"])
        XCTAssertEqual(found(.ip, in: "255.255.255.255 and 0.0.0.0"), ["255.255.255.255", "0.0.0.0"])
    }

    func testRejectsInvalidOctetsAndOtherDottedNumbers() {
        XCTAssertEqual(found(.ip, in: "10.0.0.256"), [])
        XCTAssertEqual(found(.ip, in: "256.1.1.1"), [])
        XCTAssertEqual(found(.ip, in: "10.0.0"), [])
        XCTAssertEqual(found(.ip, in: "1.2.3.4.5"), [])
        XCTAssertEqual(found(.ip, in: "version v1.2.3.4"), [])
        XCTAssertEqual(found(.ip, in: "010.1.1.1"), [])
        XCTAssertEqual(found(.ip, in: "10.0.0.1x"), [])
    }

    func testFindsIPv6AddressesWithAndWithoutCompression() {
        XCTAssertEqual(found(.ip, in: "host 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok"),
                       ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"])
        XCTAssertEqual(found(.ip, in: "host 2001:db8::1 ok"), ["2001:db8::1"])
        XCTAssertEqual(found(.ip, in: "loopback ::1."), ["::1"])
        XCTAssertEqual(found(.ip, in: "link fe80::"), ["fe80::"])
        XCTAssertEqual(found(.ip, in: "http://[2001:db8::7]:8080/"), ["2001:db8::7"])
        XCTAssertEqual(found(.ip, in: "mapped ::ffff:192.0.2.1 here"), ["::ffff:192.0.2.1"])
    }

    func testRejectsTimesMACsAndMalformedIPv6() {
        XCTAssertEqual(found(.ip, in: "at 10:30:45 today"), [])
        XCTAssertEqual(found(.ip, in: "mac 00:1a:2b:3c:4d:5e"), [])
        XCTAssertEqual(found(.ip, in: "2001:db8::1::2"), [])
        XCTAssertEqual(found(.ip, in: "2001:db8:12345::1"), [])
        XCTAssertEqual(found(.ip, in: "1:2:3:4:5:6:7:8:9"), [])
        XCTAssertEqual(found(.ip, in: "std::vector"), [])
        XCTAssertEqual(found(.ip, in: "::ffff:192.0.2.1::"), ["192.0.2.1"], "no IPv6 address, but an IPv4 one")
        XCTAssertEqual(found(.ip, in: "fe80:::1"), [])
    }
}
