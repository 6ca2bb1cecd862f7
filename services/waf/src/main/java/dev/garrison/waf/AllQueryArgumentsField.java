package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code AllQueryArguments}: the value of every query argument. */
final class AllQueryArgumentsField implements Field {
    @Override
    public List<String> values(WebRequest request) {
        List<Map.Entry<String, String>> arguments = request.queryArguments();
        List<String> values = new ArrayList<>(arguments.size());
        for (Map.Entry<String, String> argument : arguments) {
            values.add(argument.getValue());
        }
        return values;
    }

    @Override
    public String location() {
        return "ALL_QUERY_ARGS";
    }
}
