@_exported import DendriteCore
@_exported import DendriteData
