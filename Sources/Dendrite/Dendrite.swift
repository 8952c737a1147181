@_exported import DendriteCore
