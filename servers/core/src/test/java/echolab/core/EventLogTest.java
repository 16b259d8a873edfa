package echolab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class EventLogTest {
    @Test
    void writesAddressesAsPeopleDoWithTheLongestRunOfZerosShortened() throws Exception {
        assertEquals("::1", EventLog.address(InetAddress.getByName("::1")));
        assertEquals("::", EventLog.address(InetAddress.getByName("::")));
        assertEquals("fe80::1:2", EventLog.address(InetAddress.getByName("fe80:0:0:0:0:0:1:2")));
        assertEquals("2001:db8::", EventLog.address(InetAddress.getByName("2001:db8:0:0:0:0:0:0")));
        assertEquals("1:0:0:2::3", EventLog.address(InetAddress.getByName("1:0:0:2:0:0:0:3")));
        assertEquals("1:2:3:4:5:6:7:8", EventLog.address(InetAddress.getByName("1:2:3:4:5:6:7:8")));
        assertEquals("127.0.0.1", EventLog.address(InetAddress.getByName("127.0.0.1")));
    }
}
