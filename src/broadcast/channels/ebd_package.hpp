#pragma once
// The emergency-broadcast (应急广播 / 大喇叭) message package: an EBD data package carrying one EBM
// (emergency broadcast message), as the national emergency-broadcast standards define it
// (GD/J 082-2018 message format, since 2023 GY/T 385; platform interface GD/J 083 / GY/T 384;
// digital signature GD/J 081 / GY/T 389, SM2 with SM3). The standard texts were not available; the
// element names, file names, ID layout and signature layout follow a public county adapter that
// talks to such platforms (CavanOrBxj/Butt_joint_SoftWare_LiShui, GRPlatForm/EBD.cs, EBM.cs,
// Signature.cs and its sample packages). What is not confirmed is listed in
// src/broadcast/README.md.
//
// Package: EBDB_<EBDID>.tar holding EBDB_<EBDID>.xml (the EBD) and, when a key is configured,
// EBDS_EBDB_<EBDID>.xml (its signature), POSTed as multipart/form-data (field "file").
//   <EBD><EBDVersion>1.0</EBDVersion><EBDID>…</EBDID><EBDType>EBM</EBDType>
//     <SRC><EBRID>…</EBRID></SRC><DEST><EBRID>…</EBRID></DEST><EBDTime>YYYY-MM-DD hh:mm:ss</EBDTime>
//     <EBM><EBMVersion>1.0</EBMVersion><EBMID>…</EBMID>
//       <MsgBasicInfo><MsgType>1|2</MsgType><SenderName/><SenderCode/><SentTime/><EventType/>
//         <Severity>1..4</Severity><StartTime/><EndTime/></MsgBasicInfo>
//       <MsgContent><LanguageCode>zho</LanguageCode><MsgTitle/><MsgDesc/><AreaCode>a,b,…</AreaCode></MsgContent>
//     </EBM></EBD>
#include <string>

#include "broadcast/channels/channel.hpp"
#include "broadcast/channels/message.hpp"
#include "broadcast/channels/render.hpp"

namespace eoc::broadcast::channels {

struct EbdPackage {
  std::string ebdId;         // "01" + source EBRID + 16-digit sequence
  std::string ebdXml;        // EBDB_<id>.xml
  std::string signatureXml;  // EBDS_EBDB_<id>.xml; empty when unsigned
  std::string tar;           // EBDB_<id>.tar
};

// `now` stamps EBDTime and the signature time.
EbdPackage buildEbdPackage(const EbdChannel& channel, const ChannelMessage& message, TimePoint now);
Rendered renderEbd(const EbdChannel& channel, const ChannelMessage& message, const RenderContext& ctx);

// A POSIX ustar archive of regular files (name ≤ 100 bytes), as the platforms unpack it.
std::string tarArchive(const std::vector<std::pair<std::string, std::string>>& files, int64_t mtime);

// SM2 signature with SM3 digest (GB/T 32918, GB/T 32905) over `data` with the PEM private key in
// `keyFile`, default user id "1234567812345678" (GM/T 0009); the raw 64-byte r||s. Throws
// std::runtime_error when the key cannot be read or is not an SM2 key.
std::string sm2SignRaw(const std::string& keyFile, const std::string& data);

}  // namespace eoc::broadcast::channels
