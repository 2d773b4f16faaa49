using System.Globalization;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.Inspections;

/// <summary>A request whose fields passed <see cref="InspectionValidation.TryRead"/> (the code is checked afterwards).</summary>
internal sealed record ValidInspection(string Code, RegionCode StoreRegion, string StoreName, ValidPhoto? Photo);

/// <summary>A decoded photo whose bytes are the image type they were declared as.</summary>
internal sealed record ValidPhoto(string ContentType, byte[] Bytes);

/// <summary>The field rules of <c>POST /api/inspections</c> (docs/inspections.md).</summary>
internal static class InspectionValidation
{
    public const int MaxCodeLength = 2048;

    public const int MaxStoreNameLength = 200;

    public const string Jpeg = "image/jpeg";

    public const string Png = "image/png";

    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool TryRead(
        InspectionRequest request, RegionTree tree, int maxPhotoBytes, out ValidInspection? valid, out Dictionary<string, string[]> errors)
    {
        errors = [];
        valid = null;
        var code = request.Code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > MaxCodeLength)
        {
            errors["code"] = [string.Create(CultureInfo.InvariantCulture, $"Send the scanned code (a GS1 Digital Link or element string, 1 to {MaxCodeLength} characters).")];
        }

        var region = default(RegionCode);
        if (!RegionCode.TryParse(request.StoreRegion?.Trim(), out region, out var reason))
        {
            errors["storeRegion"] = [reason];
        }
        else if (region.Kind == RegionKind.Custom && !tree.IsRegistered(region))
        {
            errors["storeRegion"] = [$"'{region}' is a custom region the region tree does not know."];
        }

        var storeName = request.StoreName?.Trim();
        if (string.IsNullOrEmpty(storeName) || storeName.Length > MaxStoreNameLength)
        {
            errors["storeName"] = [string.Create(CultureInfo.InvariantCulture, $"Name the store, 1 to {MaxStoreNameLength} characters.")];
        }

        var photo = request.Photo is null ? null : ReadPhoto(request.Photo, maxPhotoBytes, errors);
        if (errors.Count > 0)
        {
            return false;
        }

        valid = new ValidInspection(code!, region, storeName!, photo);
        return true;
    }

    private static ValidPhoto? ReadPhoto(InspectionPhotoRequest photo, int maxPhotoBytes, Dictionary<string, string[]> errors)
    {
        var declared = photo.ContentType?.Trim().ToLowerInvariant();
        if (declared is not (Jpeg or Png))
        {
            errors["photo.contentType"] = [$"'{photo.ContentType}' is not a photo type central keeps: {Jpeg} or {Png}."];
        }

        if (string.IsNullOrEmpty(photo.Data))
        {
            errors["photo.data"] = ["Send the photo's bytes in base64, or leave photo out."];
            return null;
        }

        // Refuse by length before decoding: base64 takes 4 characters per 3 bytes.
        if ((long)photo.Data.Length > (((long)maxPhotoBytes + 2) / 3 * 4) + 4)
        {
            errors["photo.data"] = [TooLarge(maxPhotoBytes)];
            return null;
        }

        var bytes = new byte[(photo.Data.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(photo.Data, bytes, out var length))
        {
            errors["photo.data"] = ["Not base64 (RFC 4648, standard alphabet, with padding)."];
            return null;
        }

        if (length > maxPhotoBytes)
        {
            errors["photo.data"] = [TooLarge(maxPhotoBytes)];
            return null;
        }

        var image = bytes.AsSpan(0, length);
        var actual = image.StartsWith(JpegMagic) ? Jpeg : image.StartsWith(PngMagic) ? Png : null;
        if (actual is null)
        {
            errors["photo.data"] = ["Not an image: a JPEG starts with FF D8 FF, a PNG with 89 50 4E 47 0D 0A 1A 0A."];
            return null;
        }

        if (declared is not null && declared != actual)
        {
            errors["photo.contentType"] = [$"Declared {declared}, but the bytes are {actual}."];
            return null;
        }

        return declared is null ? null : new ValidPhoto(actual, image.ToArray());
    }

    private static string TooLarge(int maxPhotoBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"The photo is larger than {maxPhotoBytes} bytes; send a smaller JPEG or PNG.");
}
