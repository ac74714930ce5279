#pragma once
// Fake emergency-broadcast platform (应急广播平台), from what could be read of the national
// standards (GD/J 082-2018 message format → GY/T 385-2023; GD/J 083 platform interface →
// GY/T 384; GD/J 081 digital signature → GY/T 389, SM2/SM3) and, where the standard texts were not
// available, from a public county adapter that talks to such platforms
// (https://github.com/CavanOrBxj/Butt_joint_SoftWare_LiShui, GRPlatForm/EBD.cs, EBM.cs,
// Signature.cs, HttpServer.cs, responseXML.cs).
// Enforces: POST multipart/form-data with one file part holding EBDB_<EBDID>.tar; the tar holds
// EBDB_<EBDID>.xml whose root is EBD with EBDVersion, EBDID (matching the file name), EBDType,
// SRC/EBRID, DEST/EBRID (this platform), EBDTime and, for EBDType EBM, EBM with EBMID,
// MsgBasicInfo (MsgType, SentTime, EventType, Severity 1–4, StartTime, EndTime) and MsgContent
// (LanguageCode, MsgTitle, MsgDesc, AreaCode); when the platform holds the sender's public key, an
// EBDS_EBDB_<EBDID>.xml signature (SM3 digest, SM2 signature, SignatureValue = 4-byte time +
// 6-byte BCD certificate serial + r||s) that verifies over the EBDB file. Answers an EBD with
// EBDResponse ResultCode 1 (执行成功), 4 (签名验证失败) or 2 (a malformed package), packed in a tar.
#include <string>
#include <vector>

#include "vendor_fake.hpp"

namespace eoc::fakes {

struct ReceivedEbd {
  std::string ebdId;
  std::string ebdType;
  std::string msgType;
  std::string eventType;
  std::string severity;
  std::string title;
  std::string description;
  std::string areaCode;
  bool signedPackage = false;
  std::string xml;
};

class EbdFake : public VendorFake {
 public:
  // `ebrid`: this platform's resource code; `senderPublicKeyPem`: empty, or the PEM public key
  // that signatures must verify with (then unsigned packages are refused too).
  EbdFake(std::string ebrid, std::string senderPublicKeyPem, std::optional<TlsFiles> tls, WallClock clock = {});
  ~EbdFake() override { stop(); }
  std::string endpoint(const std::string& host = "127.0.0.1") const;
  std::vector<ReceivedEbd> accepted() const;
  std::vector<std::string> answeredCodes() const;

 protected:
  FakeAnswer handle(const ReceivedRequest& request) override;

 private:
  std::string ebrid_, publicKeyPem_;
  std::vector<ReceivedEbd> accepted_;
  std::vector<std::string> codes_;
};

// Test helper: an SM2 key pair as PEM (private, public).
std::pair<std::string, std::string> makeSm2KeyPair();

}  // namespace eoc::fakes
