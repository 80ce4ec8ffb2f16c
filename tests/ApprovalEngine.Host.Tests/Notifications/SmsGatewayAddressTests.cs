using ApprovalEngine.Host.Notifications;

namespace ApprovalEngine.Host.Tests.Notifications;

/// <summary>The development gateway is the host's own sink, on whatever address the host was started with.</summary>
public class SmsGatewayAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5301", "http://127.0.0.1:5301/api/dev/sms-sink")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/api/dev/sms-sink")]
    [InlineData("http://+:5080", "http://127.0.0.1:5080/api/dev/sms-sink")]
    [InlineData("http://*:5081", "http://127.0.0.1:5081/api/dev/sms-sink")]
    [InlineData("http://localhost:5082", "http://127.0.0.1:5082/api/dev/sms-sink")]
    [InlineData("http://[::]:5083", "http://[::1]:5083/api/dev/sms-sink")]
    public void A_path_is_this_host_on_the_address_it_listens_on(string listening, string expected) =>
        Assert.Equal(expected, SmsGatewayTransport.Resolve("/api/dev/sms-sink", [listening])!.ToString());

    [Fact]
    public void An_absolute_gateway_is_used_as_configured_and_a_path_waits_for_an_address()
    {
        Assert.Equal("https://sms.example.gov.cn/send", SmsGatewayTransport.Resolve("https://sms.example.gov.cn/send", ["http://127.0.0.1:5080"])!.ToString());
        Assert.Null(SmsGatewayTransport.Resolve("/api/dev/sms-sink", []));
    }
}
