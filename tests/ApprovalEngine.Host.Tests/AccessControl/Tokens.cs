using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ApprovalEngine.Host.Tests.AccessControl;

/// <summary>
/// Tokens the dev-token endpoint refuses to issue (a reviewer without a department), as a misconfigured identity
/// provider would: signed with the test host's key, so only the claims are wrong.
/// </summary>
public static class Tokens
{
    public static HttpClient Client(ApiFactory api, string user, string[] roles, string? department = null, string? window = null)
    {
        var claims = new List<Claim> { new("sub", user), new("name", user) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        if (department is not null) claims.Add(new Claim("department", department));
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("integration-test-signing-key-0123456789abcdef"));
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken("approvalengine", "approvalengine", claims, now, now.AddHours(1), new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JwtSecurityTokenHandler().WriteToken(token));
        return client;
    }
}
