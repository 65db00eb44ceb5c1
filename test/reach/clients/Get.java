import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * An unmodified DingTalk client (JDK 11+ HttpClient, DingTalk's real URLs): it reaches the sandbox by
 * JVM flags alone — the proxy (-Dhttps.proxyHost/-Dhttps.proxyPort, which newHttpClient()'s default
 * proxy selector honours) and a truststore holding the sandbox CA (-Djavax.net.ssl.trustStore).
 * Run: java <flags> Get.java <appKey> <appSecret> — prints gettoken's and accessToken's answers.
 */
public class Get {
  public static void main(String[] args) throws Exception {
    String appKey = args[0], appSecret = args[1];
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest legacy = HttpRequest.newBuilder(
            URI.create("https://oapi.dingtalk.com/gettoken?appkey=" + appKey + "&appsecret=" + appSecret))
        .build();
    System.out.println(client.send(legacy, HttpResponse.BodyHandlers.ofString()).body());
    String json = "{\"appKey\":\"" + appKey + "\",\"appSecret\":\"" + appSecret + "\"}";
    HttpRequest modern = HttpRequest.newBuilder(URI.create("https://api.dingtalk.com/v1.0/oauth2/accessToken"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    System.out.println(client.send(modern, HttpResponse.BodyHandlers.ofString()).body());
  }
}
