// Runs the real AWS SDK for Java v2 profile-file reader (software.amazon.awssdk:profiles) on
// ssolint's test corpus. One process for the whole corpus.
//
// Input, one document per line, tab-separated: config, credentials (base64, or "-" when absent),
// then the sso-session names and the services names to look up (each a comma-separated list of
// base64 names; the SDK can look a section up but not list them).
// Output, one JSON object per line: {refused, profiles, "sso-sessions", services}.

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

public final class Driver {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            out.println(read(fields));
        }
        out.flush();
    }

    private static String read(String[] fields) {
        try {
            ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
            if (!fields[0].equals("-")) {
                aggregator.addFile(file(fields[0], ProfileFile.Type.CONFIGURATION));
            }
            if (!fields[1].equals("-")) {
                aggregator.addFile(file(fields[1], ProfileFile.Type.CREDENTIALS));
            }
            ProfileFile profiles = aggregator.build();
            StringBuilder json = new StringBuilder("{\"refused\":false,\"profiles\":{");
            boolean first = true;
            for (Map.Entry<String, Profile> profile : profiles.profiles().entrySet()) {
                first = member(json, first, profile.getKey());
                properties(json, profile.getValue());
            }
            json.append("},\"sso-sessions\":");
            sections(json, profiles, "sso-session", names(fields, 2));
            json.append(",\"services\":");
            sections(json, profiles, "services", names(fields, 3));
            return json.append("}").toString();
        } catch (RuntimeException e) {
            StringBuilder json = new StringBuilder("{\"refused\":true,\"error\":");
            string(json, String.valueOf(e.getMessage()));
            return json.append(",\"profiles\":{},\"sso-sessions\":{},\"services\":{}}").toString();
        }
    }

    private static ProfileFile file(String base64, ProfileFile.Type type) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        return ProfileFile.builder().content(new ByteArrayInputStream(bytes)).type(type).build();
    }

    private static List<String> names(String[] fields, int index) {
        List<String> names = new ArrayList<>();
        if (fields.length > index && !fields[index].isEmpty()) {
            for (String name : fields[index].split(",")) {
                names.add(new String(Base64.getDecoder().decode(name), StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    private static void sections(StringBuilder json, ProfileFile file, String type, List<String> names) {
        json.append("{");
        boolean first = true;
        for (String name : names) {
            Optional<Profile> section = file.getSection(type, name);
            if (section.isPresent()) {
                first = member(json, first, name);
                properties(json, section.get());
            }
        }
        json.append("}");
    }

    private static void properties(StringBuilder json, Profile profile) {
        json.append("{");
        boolean first = true;
        for (Map.Entry<String, String> property : profile.properties().entrySet()) {
            first = member(json, first, property.getKey());
            string(json, property.getValue());
        }
        json.append("}");
    }

    private static boolean member(StringBuilder json, boolean first, String key) {
        if (!first) {
            json.append(",");
        }
        string(json, key);
        json.append(":");
        return false;
    }

    private static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
