package dev.garrison.platform.protocol;

import dev.garrison.platform.model.MemberModel;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.model.ShapeModel;
import java.util.List;
import java.util.Map;

/** Writes shape trees as the Query protocol's XML: lists as {@code member} elements, maps as {@code entry}. */
final class XmlWriter {
    private final StringBuilder out = new StringBuilder(512);

    XmlWriter open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    XmlWriter open(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
        return this;
    }

    XmlWriter close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    XmlWriter element(String name, String text) {
        return open(name).text(text).close(name);
    }

    XmlWriter text(String text) {
        out.append(escape(text));
        return this;
    }

    void members(ServiceModel model, ShapeModel shape, Map<String, Object> tree) {
        for (MemberModel member : shape.members().values()) {
            Object value = tree.get(member.name());
            if (value != null) {
                value(model, member.shape(), member.wireName(), value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void value(ServiceModel model, String shapeName, String element, Object value) {
        ShapeModel shape = model.shape(shapeName);
        switch (shape.type()) {
            case "structure" -> {
                open(element);
                members(model, shape, (Map<String, Object>) value);
                close(element);
            }
            case "list" -> {
                open(element);
                String item = shape.listMember().locationName() != null ? shape.listMember().locationName() : "member";
                for (Object e : (List<Object>) value) {
                    if (e != null) {
                        value(model, shape.listMember().shape(), item, e);
                    }
                }
                close(element);
            }
            case "map" -> {
                open(element);
                String key = shape.mapKey().locationName() != null ? shape.mapKey().locationName() : "key";
                String val = shape.mapValue().locationName() != null ? shape.mapValue().locationName() : "value";
                for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
                    open("entry").element(key, e.getKey());
                    if (e.getValue() != null) {
                        value(model, shape.mapValue().shape(), val, e.getValue());
                    }
                    close("entry");
                }
                close(element);
            }
            default -> element(element, TextValues.format(shape, value));
        }
    }

    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                case '\r' -> "&#xD;";
                default -> c < 0x20 && c != '\n' && c != '\t' ? "&#x" + Integer.toHexString(c) + ";" : null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                escaped.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
