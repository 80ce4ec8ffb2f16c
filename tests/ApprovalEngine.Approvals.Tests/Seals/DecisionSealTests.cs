using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Tests.Seals;

public sealed class DecisionSealTests
{
    private static JsonObject Decision() => (JsonObject)JsonNode.Parse("""
        {
          "instanceId": "a1b2",
          "outcome": "approved",
          "decidedAt": "2025-03-01T16:00:00+08:00",
          "opinions": [
            { "department": "planning", "opinion": "同意", "reviewer": "张三" },
            { "department": "fire", "opinion": "同意，附条件：竣工前完成消防验收", "reviewer": "李四" }
          ],
          "statutoryDays": 20
        }
        """)!;

    private static SealSignature Seal(JsonObject decision, SealProfile profile = SealProfile.Sm2) =>
        DecisionSeal.Seal(SealTestKeys.Protector, SealTestKeys.For(profile).PrivateKey, decision, "bureau-seal", SealTestKeys.SignedAt);

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Verify_SealedDecision_IsValid(SealProfile profile)
    {
        var seal = Seal(Decision(), profile);

        Assert.True(DecisionSeal.Verify(Decision(), seal, SealTestKeys.Registry(SealTestKeys.Info(profile))).Valid);
    }

    [Fact]
    public void Verify_SameDecisionWithOtherMemberOrderAndSpacing_IsValid()
    {
        var seal = Seal(Decision());
        var reordered = (JsonObject)JsonNode.Parse("""
            {"statutoryDays":20.0,"opinions":[{"reviewer":"张三","opinion":"同意","department":"planning"},
            {"reviewer":"李四","department":"fire","opinion":"同意，附条件：竣工前完成消防验收"}],
            "outcome":"approved","instanceId":"a1b2","decidedAt":"2025-03-01T16:00:00+08:00"}
            """)!;

        Assert.True(DecisionSeal.Verify(reordered, seal, SealTestKeys.Registry(SealTestKeys.Info(SealProfile.Sm2))).Valid);
    }

    [Fact]
    public void Verify_OpinionChanged_IsContentChanged()
    {
        var seal = Seal(Decision());
        var changed = Decision();
        changed["opinions"]![1]!["opinion"] = "同意";

        var result = DecisionSeal.Verify(changed, seal, SealTestKeys.Registry(SealTestKeys.Info(SealProfile.Sm2)));

        Assert.Equal(VerificationCodes.ContentChanged, result.Code);
    }

    [Fact]
    public void Verify_OpinionsReordered_IsContentChanged()
    {
        // Array order is content: the order opinions were given in is part of the record.
        var seal = Seal(Decision());
        var changed = Decision();
        var opinions = changed["opinions"]!.AsArray();
        var first = opinions[0]!;
        opinions.RemoveAt(0);
        opinions.Add(first);

        Assert.Equal(VerificationCodes.ContentChanged,
            DecisionSeal.Verify(changed, seal, SealTestKeys.Registry(SealTestKeys.Info(SealProfile.Sm2))).Code);
    }

    [Fact]
    public void Verify_RevokedBeforeSigning_IsSealRevoked()
    {
        var seal = Seal(Decision());
        var info = SealTestKeys.Info(SealProfile.Sm2, revokedAt: SealTestKeys.SignedAt.AddHours(-1));

        Assert.Equal(VerificationCodes.SealRevoked, DecisionSeal.Verify(Decision(), seal, SealTestKeys.Registry(info)).Code);
    }

    [Fact]
    public void Verify_UnknownSeal_IsUnknownSeal() =>
        Assert.Equal(VerificationCodes.UnknownSeal, DecisionSeal.Verify(Decision(), Seal(Decision()), SealTestKeys.Registry()).Code);

    [Fact]
    public void Seal_DecisionWithoutCanonicalForm_Throws()
    {
        var decision = Decision();
        decision["amount"] = double.NaN;

        Assert.Throws<ArgumentException>(() => Seal(decision));
    }
}
