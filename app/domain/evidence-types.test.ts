import { describe, expect, it } from "vitest";
import { isInlineSafe, kindOfSniffedType, looksLikeCsv, looksLikeMarkup, XLSX_MIME } from "./evidence-types";

describe("evidence types", () => {
  it("accepts the images and recordings phones make", () => {
    for (const mime of ["image/png", "image/jpeg", "image/heic", "image/heif"]) expect(kindOfSniffedType(mime)).toBe("image");
    for (const mime of ["audio/amr", "audio/x-m4a", "audio/mpeg", "audio/wav"]) expect(kindOfSniffedType(mime)).toBe("audio");
    expect(kindOfSniffedType("application/pdf")).toBe("pdf");
  });

  it("refuses programs, archives and documents that carry code", () => {
    for (const mime of ["application/x-elf", "application/x-msdownload", "application/zip", "image/svg+xml", "text/html", "application/x-mach-binary"]) {
      expect(kindOfSniffedType(mime)).toBeNull();
    }
    // A workbook is taken only in the call-log field, never as ordinary evidence.
    expect(kindOfSniffedType(XLSX_MIME)).toBeNull();
  });

  it("spots markup in text files", () => {
    expect(looksLikeMarkup('<svg xmlns="http://www.w3.org/2000/svg"/>')).toBe(true);
    expect(looksLikeMarkup("\uFEFF  <!DOCTYPE html><html>")).toBe(true);
    expect(looksLikeMarkup('<?xml version="1.0"?>')).toBe(true);
    expect(looksLikeMarkup("<!-- comment --><svg/>")).toBe(true);
    expect(looksLikeMarkup("催收员说 3 < 5 天内必须还款")).toBe(false);
    expect(looksLikeMarkup("<3 calls a day")).toBe(false);
  });

  it("recognises a call log table by its first line", () => {
    expect(looksLikeCsv("时间,号码,类型,时长\n2026-10-01 22:14,13800138000,来电,35")).toBe(true);
    expect(looksLikeCsv("date\tnumber\n")).toBe(true);
    expect(looksLikeCsv("just a note about the calls")).toBe(false);
  });

  it("shows images and audio inline, nothing else", () => {
    expect(isInlineSafe("image/png")).toBe(true);
    expect(isInlineSafe("audio/amr")).toBe(true);
    expect(isInlineSafe("application/pdf")).toBe(false);
    expect(isInlineSafe("text/plain")).toBe(false);
  });
});
