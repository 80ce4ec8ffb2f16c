using System.Text;

namespace ApprovalEngine.Host.Security;

/// <summary>
/// Refuses to start a host that would sign tokens, seals or webhooks with a secret an attacker can know: missing,
/// shorter than 32 bytes, or one of the placeholder/development values shipped in this repository. Only Development
/// runs on the shipped development values; every other environment (Testing and Staging included) must be given its own.
/// </summary>
public static class StartupSecrets
{
    public const int MinimumBytes = 32;

    /// <summary>The environment the integration tests run in: like Production for secrets, but development tokens are allowed.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>
    /// Every secret value shipped in the repository (appsettings.Development.json, deploy/.env.example,
    /// deploy/k8s/secret.template.yaml). ShippedSecretsTests fails when one of those files gains a value not listed here.
    /// </summary>
    public static readonly IReadOnlySet<string> Shipped = new HashSet<string>(StringComparer.Ordinal)
    {
        "development-only-signing-key-not-for-production-use",
        "development-only-seal-master-secret-change-me",
        "change-me-at-least-32-bytes-long-random-value",
        "change-me-at-least-32-characters-long-random",
        "REPLACE_ME_WITH_AT_LEAST_32_RANDOM_BYTES",
        "REPLACE_ME_WITH_AT_LEAST_32_RANDOM_CHARACTERS",
        "bench-webhook-secret",
        "development-only-sms-gateway-secret-not-for-production",
    };

    /// <summary>Development tokens (anyone signs in as anyone) exist only for trying the product out and for the test suite.</summary>
    public static bool AllowsDevTokens(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);

    /// <summary>Throws with every problem at once (keys named, values never printed) unless the environment is Development.</summary>
    public static void Require(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment()) return;
        var problems = new List<string>();
        if (string.IsNullOrEmpty(configuration["Auth:Authority"]) || !string.IsNullOrEmpty(configuration["Auth:SigningKey"]))
            Check("Auth:SigningKey", configuration["Auth:SigningKey"], problems, "or configure Auth:Authority");
        Check("Seals:MasterSecret", configuration["Seals:MasterSecret"], problems);
        if (configuration.GetSection("Supervision:Webhooks:Urls").GetChildren().Any(c => !string.IsNullOrEmpty(c.Value)))
            Check("Supervision:Webhooks:SigningSecret", configuration["Supervision:Webhooks:SigningSecret"], problems, "it signs the webhook pushes");
        if (!string.IsNullOrEmpty(configuration["Notifications:Sms:GatewayUrl"]))
            Check("Notifications:Sms:SigningSecret", configuration["Notifications:Sms:SigningSecret"], problems, "it signs the SMS gateway requests");
        if (configuration.GetValue<bool>("Auth:DevTokens") && !AllowsDevTokens(environment))
            problems.Add($"Auth:DevTokens is on in the {environment.EnvironmentName} environment; development tokens exist only in Development.");
        if (problems.Count > 0)
            throw new InvalidOperationException($"Refusing to start in the {environment.EnvironmentName} environment: " + string.Join(" ", problems));
    }

    private static void Check(string key, string? value, List<string> problems, string? hint = null)
    {
        var suffix = hint is null ? "" : $" ({hint})";
        if (string.IsNullOrEmpty(value))
            problems.Add($"{key} is missing{suffix}; generate one with `openssl rand -base64 48`.");
        else if (Shipped.Contains(value.Trim()))
            problems.Add($"{key} is a value published in the ApprovalEngine repository; generate your own with `openssl rand -base64 48`.");
        else if (Encoding.UTF8.GetByteCount(value) < MinimumBytes)
            problems.Add($"{key} is shorter than {MinimumBytes} bytes.");
    }
}
