package dev.garrison.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format version 2.0, IPv6 tree with IPv4 under {@code ::/96}, 24-bit
 * records) so benchmarks and tests can give the WAF a country or ASN database of known content.
 * Records are maps of strings, integers (written as uint32), nested maps and lists.
 */
public final class MaxMindDbWriter {
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd',
            '.', 'c', 'o', 'm'};

    private final String databaseType;
    private final Node root = new Node();

    /** {@code databaseType} is what readers see, such as {@code GeoLite2-Country} or {@code GeoLite2-ASN}. */
    public MaxMindDbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    private static final class Node {
        Node zero;
        Node one;
        Map<String, Object> record;
        int number;
    }

    /** Adds a network ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); networks must not overlap. */
    public MaxMindDbWriter insert(String cidr, Map<String, Object> record) throws IOException {
        int slash = cidr.indexOf('/');
        byte[] address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (address.length == 4) {
            byte[] mapped = new byte[16];
            System.arraycopy(address, 0, mapped, 12, 4);
            address = mapped;
            prefix += 96;
        }
        Node node = root;
        for (int bit = 0; bit < prefix; bit++) {
            if (node.record != null) {
                throw new IllegalArgumentException(cidr + " overlaps a network already inserted");
            }
            boolean one = (address[bit / 8] >> (7 - bit % 8) & 1) == 1;
            if (one) {
                node = node.one == null ? (node.one = new Node()) : node.one;
            } else {
                node = node.zero == null ? (node.zero = new Node()) : node.zero;
            }
        }
        if (node.record != null || node.zero != null || node.one != null) {
            throw new IllegalArgumentException(cidr + " overlaps a network already inserted");
        }
        node.record = record;
        return this;
    }

    /** Writes the database to {@code file}. */
    public void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Deque<Node> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.removeFirst();
            node.number = nodes.size();
            nodes.add(node);
            for (Node child : new Node[] {node.zero, node.one}) {
                if (child != null && child.record == null) {
                    queue.addLast(child);
                }
            }
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<Map<String, Object>, Integer> offsets = new HashMap<>();
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Node child : new Node[] {node.zero, node.one}) {
                long value;
                if (child == null) {
                    value = nodes.size();
                } else if (child.record == null) {
                    value = child.number;
                } else {
                    Integer offset = offsets.get(child.record);
                    if (offset == null) {
                        offset = data.size();
                        offsets.put(child.record, offset);
                        encode(child.record, data);
                    }
                    value = nodes.size() + 16L + offset;
                }
                tree.write((int) (value >> 16));
                tree.write((int) (value >> 8));
                tree.write((int) value);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tree.writeTo(out);
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Unsigned(6, nodes.size()));
        metadata.put("record_size", new Unsigned(5, 24));
        metadata.put("ip_version", new Unsigned(5, 6));
        metadata.put("database_type", databaseType);
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Unsigned(5, 2));
        metadata.put("binary_format_minor_version", new Unsigned(5, 0));
        metadata.put("build_epoch", new Unsigned(9, System.currentTimeMillis() / 1000));
        metadata.put("description", Map.of("en", "Garrison test database"));
        encode(metadata, out);
        Files.write(file, out.toByteArray());
    }

    /** An unsigned integer of a given data type (5 uint16, 6 uint32, 9 uint64). */
    private record Unsigned(int type, long value) {}

    private static void encode(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case String text -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                control(2, bytes.length, out);
                out.writeBytes(bytes);
            }
            case Map<?, ?> map -> {
                control(7, map.size(), out);
                map.forEach((k, v) -> {
                    encode((String) k, out);
                    encode(v, out);
                });
            }
            case List<?> list -> {
                control(11, list.size(), out);
                list.forEach(v -> encode(v, out));
            }
            case Integer number -> encode(new Unsigned(6, number), out);
            case Long number -> encode(new Unsigned(6, number), out);
            case Unsigned unsigned -> {
                byte[] bytes = BigInteger.valueOf(unsigned.value()).toByteArray();
                int start = 0;
                while (start < bytes.length && bytes[start] == 0) {
                    start++;
                }
                control(unsigned.type(), bytes.length - start, out);
                out.write(bytes, start, bytes.length - start);
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName());
        }
    }

    /** A field's control byte (and extended type byte), then its size as the format encodes sizes. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int typeBits = type <= 7 ? type << 5 : 0;
        int sizeBits;
        byte[] extra;
        if (size < 29) {
            sizeBits = size;
            extra = new byte[0];
        } else if (size < 29 + 256) {
            sizeBits = 29;
            extra = new byte[] {(byte) (size - 29)};
        } else if (size < 285 + 65536) {
            sizeBits = 30;
            extra = new byte[] {(byte) ((size - 285) >> 8), (byte) (size - 285)};
        } else {
            sizeBits = 31;
            int rest = size - 65821;
            extra = new byte[] {(byte) (rest >> 16), (byte) (rest >> 8), (byte) rest};
        }
        out.write(typeBits | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(extra);
    }
}
